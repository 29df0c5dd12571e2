"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import Mention from "@tiptap/extension-mention";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import type { SuggestionKeyDownProps, SuggestionProps } from "@tiptap/suggestion";
import { NOTE_FIELD } from "@/shared/doc-names";
import { useTRPC } from "@/trpc/react";
import { useRecordDoc, type RecordDocSession } from "./record-doc";

type Person = { id: string; label: string };

/**
 * The list of people offered while typing "@": arrows to move, Enter or Tab to choose, Escape to
 * leave. Plain DOM, positioned at the caret.
 */
function mentionList() {
  let el: HTMLDivElement | null = null;
  let selected = 0;
  let props: SuggestionProps<Person> | null = null;
  const draw = () => {
    if (!el || !props) return;
    const rect = props.clientRect?.();
    if (rect) {
      el.style.left = `${rect.left}px`;
      el.style.top = `${rect.bottom + 4}px`;
    }
    el.replaceChildren(
      ...props.items.map((item, i) => {
        const b = document.createElement("button");
        b.type = "button";
        b.setAttribute("role", "option");
        b.setAttribute("aria-selected", String(i === selected));
        b.textContent = item.label;
        b.addEventListener("mousedown", (e) => {
          e.preventDefault();
          props?.command(item);
        });
        return b;
      }),
    );
    el.hidden = props.items.length === 0;
  };
  return {
    onStart(p: SuggestionProps<Person>) {
      props = p;
      selected = 0;
      el = document.createElement("div");
      el.className = "mention-list";
      el.setAttribute("role", "listbox");
      el.setAttribute("aria-label", "People to mention");
      document.body.appendChild(el);
      draw();
    },
    onUpdate(p: SuggestionProps<Person>) {
      props = p;
      selected = Math.min(selected, Math.max(0, p.items.length - 1));
      draw();
    },
    onKeyDown({ event }: SuggestionKeyDownProps) {
      if (!props?.items.length) return false;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        selected = (selected + (event.key === "ArrowDown" ? 1 : props.items.length - 1)) % props.items.length;
        draw();
        return true;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        props.command(props.items[selected]!);
        return true;
      }
      return event.key === "Escape";
    },
    onExit() {
      el?.remove();
      el = null;
      props = null;
    },
  };
}

/** The record's rich-text note, co-edited live with everyone's cursors, in the record's document. */
export function CollaborativeNote({ label, testId, field = NOTE_FIELD }: { label: string; testId: string; field?: string }) {
  const session = useRecordDoc();
  if (!session) return <p className="p-4 text-sm text-muted">Opening…</p>;
  return <NoteEditor key={session.documentName} session={session} label={label} testId={testId} field={field} />;
}

function NoteEditor({ session, label, testId, field }: { session: RecordDocSession; label: string; testId: string; field: string }) {
  const { provider, readOnly, user } = session;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // Loaded here; the editor (made once) reads the latest list from the cache when "@" is typed.
  useQuery(trpc.workspace.members.queryOptions());
  const membersKey = trpc.workspace.members.queryKey();
  const editor = useEditor({
    immediatelyRender: false,
    editable: !readOnly,
    extensions: [
      StarterKit.configure({ undoRedo: false }), // history comes from Yjs, per person
      Collaboration.configure({ document: provider.document, field }),
      CollaborationCaret.configure({ provider, user: { ...user } }), // keeps the id presence needs
      // @someone: they are told (the collab-server announces each new mention once).
      Mention.configure({
        HTMLAttributes: { class: "mention" },
        suggestion: {
          items: ({ query }: { query: string }) =>
            (queryClient.getQueryData<{ userId: string; name: string }[]>(membersKey) ?? [])
              .map((m): Person => ({ id: m.userId, label: m.name }))
              .filter((p) => p.label.toLowerCase().includes(query.toLowerCase()))
              .slice(0, 6),
          render: mentionList,
        },
      }),
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
