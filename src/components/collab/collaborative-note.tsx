"use client";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { NOTE_FIELD } from "@/shared/doc-names";
import { useRecordDoc, type RecordDocSession } from "./record-doc";

/** The record's rich-text note, co-edited live with everyone's cursors, in the record's document. */
export function CollaborativeNote({ label, testId }: { label: string; testId: string }) {
  const session = useRecordDoc();
  if (!session) return <p className="p-4 text-sm text-muted">Opening the note…</p>;
  return <NoteEditor key={session.documentName} session={session} label={label} testId={testId} />;
}

function NoteEditor({ session, label, testId }: { session: RecordDocSession; label: string; testId: string }) {
  const { provider, readOnly, user } = session;
  const editor = useEditor({
    immediatelyRender: false,
    editable: !readOnly,
    extensions: [
      StarterKit.configure({ undoRedo: false }), // history comes from Yjs, per person
      Collaboration.configure({ document: provider.document, field: NOTE_FIELD }),
      CollaborationCaret.configure({ provider, user: { ...user } }), // keeps the id presence needs
    ],
    editorProps: {
      attributes: { "aria-label": label, role: "textbox", "aria-multiline": "true", "data-testid": testId },
    },
  });
  return (
    <div className="note-editor">
      <EditorContent editor={editor} />
    </div>
  );
}
