"use client";
import { HocuspocusProvider, WebSocketStatus } from "@hocuspocus/provider";
import Collaboration from "@tiptap/extension-collaboration";
import CollaborationCaret from "@tiptap/extension-collaboration-caret";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { useEffect, useState } from "react";
import { NOTE_FIELD } from "@/shared/doc-names";
import { errorMessage, useTRPCClient } from "@/trpc/react";
import { initials } from "../shell/app-shell";

// Dark enough for white initials and caret labels to meet WCAG AA contrast.
const palette = ["#1d4ed8", "#be185d", "#15803d", "#c2410c", "#6d28d9", "#0e7490", "#b45309", "#b91c1c"];

/** A stable colour per person, so everyone sees the same colour for the same colleague. */
export function colorFor(userId: string) {
  let h = 0;
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length]!;
}

interface Peer {
  clientId: number;
  name: string;
  color: string;
}

type Session = { provider: HocuspocusProvider; readOnly: boolean; user: { id: string; name: string } };

/**
 * The record's rich-text note, co-edited live through the collab-server. The token is fetched
 * from the web app for this one document, and again on every reconnect (it lives 10 minutes).
 */
export function CollaborativeNote({ documentName, collabUrl }: { documentName: string; collabUrl: string }) {
  const client = useTRPCClient();
  const [session, setSession] = useState<Session | null>(null);
  const [status, setStatus] = useState<WebSocketStatus | "refused">(WebSocketStatus.Connecting);
  const [synced, setSynced] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    let provider: HocuspocusProvider | undefined;
    client.collab.token
      .mutate({ document: documentName })
      .then((first) => {
        if (cancelled) return;
        let initial: string | null = first.token;
        provider = new HocuspocusProvider({
          url: collabUrl,
          name: documentName,
          // The first connection uses the token we have; reconnects ask for a fresh one.
          token: async () => {
            if (initial) {
              const t = initial;
              initial = null;
              return t;
            }
            return (await client.collab.token.mutate({ document: documentName })).token;
          },
          onStatus: ({ status: s }) => setStatus(s),
          onSynced: ({ state }) => setSynced(state),
          onAuthenticationFailed: () => setStatus("refused"),
        });
        setSession({ provider, readOnly: first.readOnly, user: first.user });
      })
      .catch((error: unknown) => !cancelled && setFailure(errorMessage(error)));
    return () => {
      cancelled = true;
      provider?.destroy();
      setSession(null);
      setSynced(false);
    };
  }, [client, collabUrl, documentName]);

  if (failure) return <p className="p-4 text-sm text-red-600">{failure}</p>;
  if (!session) return <p className="p-4 text-sm text-muted">Opening the note…</p>;
  return <NoteEditor key={documentName} session={session} status={status} synced={synced} />;
}

function NoteEditor({ session, status, synced }: { session: Session; status: WebSocketStatus | "refused"; synced: boolean }) {
  const { provider, readOnly, user } = session;
  const [peers, setPeers] = useState<Peer[]>([]);
  const color = colorFor(user.id);

  const editor = useEditor({
    immediatelyRender: false,
    editable: !readOnly,
    extensions: [
      StarterKit.configure({ undoRedo: false }), // history comes from Yjs, per person
      Collaboration.configure({ document: provider.document, field: NOTE_FIELD }),
      CollaborationCaret.configure({ provider, user: { name: user.name, color } }),
    ],
    editorProps: {
      attributes: { "aria-label": "Deal note", role: "textbox", "aria-multiline": "true", "data-testid": "deal-note" },
    },
  });

  useEffect(() => {
    const awareness = provider.awareness;
    if (!awareness) return;
    const update = () => {
      const list: Peer[] = [];
      awareness.getStates().forEach((state, clientId) => {
        const u = state.user as { name?: string; color?: string } | undefined;
        if (u?.name) list.push({ clientId, name: u.name, color: u.color ?? "#888" });
      });
      setPeers(list.sort((a, b) => a.clientId - b.clientId));
    };
    awareness.on("change", update);
    update();
    return () => awareness.off("change", update);
  }, [provider]);

  const label =
    status === "refused"
      ? "Access refused"
      : status === WebSocketStatus.Connected
        ? synced
          ? "Live"
          : "Syncing…"
        : status === WebSocketStatus.Connecting
          ? "Connecting…"
          : "Offline: reconnecting";

  return (
    <div>
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <div className="flex items-center gap-2 text-xs text-muted">
          <span
            className={`size-2 rounded-full ${status === WebSocketStatus.Connected && synced ? "bg-emerald-500" : status === "refused" ? "bg-red-500" : "bg-amber-500"}`}
            aria-hidden
          />
          <span data-testid="collab-status">{label}</span>
          {readOnly ? <span className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">View only</span> : null}
        </div>
        <ul className="flex -space-x-2" aria-label="People on this deal">
          {peers.map((p) => (
            <li
              key={p.clientId}
              title={p.name}
              className="grid size-7 place-items-center rounded-full border-2 border-white text-[10px] font-semibold text-white dark:border-zinc-900"
              style={{ backgroundColor: p.color }}
            >
              <span className="sr-only">{p.name}</span>
              <span aria-hidden>{initials(p.name)}</span>
            </li>
          ))}
        </ul>
      </div>
      <div className="note-editor">
        <EditorContent editor={editor} />
      </div>
    </div>
  );
}
