"use client";
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from "@hocuspocus/provider";
import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { toast } from "sonner";
import { TRPCClientError } from "@trpc/client";
import { IndexeddbPersistence } from "y-indexeddb";
import { COLLAB_UNAVAILABLE, type RefusedEdit } from "@/shared/record-doc";
import { errorMessage, useTRPCClient } from "@/trpc/react";
import { initials } from "../shell/initials";
import { localName } from "./local-documents";

// Dark enough for white initials and caret labels to meet WCAG AA contrast.
const palette = ["#1d4ed8", "#be185d", "#15803d", "#c2410c", "#6d28d9", "#0e7490", "#b45309", "#b91c1c"];

/** A stable colour per person, so everyone sees the same colour for the same colleague. */
export function colorFor(userId: string) {
  let h = 0;
  for (const ch of userId) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return palette[h % palette.length]!;
}

export interface DocUser {
  id: string;
  name: string;
  color: string;
}

export interface Peer {
  clientId: number;
  user: DocUser;
  /** The field they have their cursor in. */
  field: string | null;
}

export type DocStatus = WebSocketStatus | "refused";

export interface RecordDocSession {
  documentName: string;
  provider: HocuspocusProvider;
  readOnly: boolean;
  user: DocUser;
  status: DocStatus;
  synced: boolean;
  /** Everyone with the record open, this person included (marked by clientId). */
  peers: Peer[];
  /** Refusals of this person's live edits, by field key. */
  refusals: Record<string, string>;
  clearRefusal(field: string): void;
}

const Context = createContext<RecordDocSession | null>(null);

/** The record's document, if it has opened. */
export function useRecordDoc() {
  return useContext(Context);
}

type Opened = { provider: HocuspocusProvider; readOnly: boolean; user: DocUser };

/**
 * Opens a record's document once for everything on its page (fields, note, presence). The token
 * is fetched from the web app for this one document, and again on every reconnect (it lives ten
 * minutes).
 */
export function RecordDocProvider({ documentName, collabUrl, children }: { documentName: string; collabUrl: string; children: ReactNode }) {
  const client = useTRPCClient();
  const [opened, setOpened] = useState<Opened | null>(null);
  const [status, setStatus] = useState<DocStatus>(WebSocketStatus.Connecting);
  const [synced, setSynced] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [peers, setPeers] = useState<Peer[]>([]);
  const [refusals, setRefusals] = useState<Record<string, string>>({});

  useEffect(() => {
    let cancelled = false;
    let provider: HocuspocusProvider | undefined;
    let local: IndexeddbPersistence | undefined;
    let socket: HocuspocusProviderWebsocket | undefined;
    let offline: (() => void) | undefined;
    let refused = false;
    let online: (() => void) | undefined;
    let again: ReturnType<typeof setTimeout> | undefined;
    client.collab.token
      .mutate({ document: documentName })
      .then((first) => {
        if (cancelled) return;
        let initial: string | null = first.token;
        const user: DocUser = { ...first.user, color: colorFor(first.user.id) };
        // Back within seconds of the network returning, not up to half a minute later.
        socket = new HocuspocusProviderWebsocket({ url: collabUrl, maxDelay: 4000 });
        provider = new HocuspocusProvider({
          websocketProvider: socket,
          name: documentName,
          // The first connection uses the token we have; reconnects ask for a fresh one.
          token: async () => {
            if (initial) {
              const t = initial;
              initial = null;
              return t;
            }
            try {
              const next = await client.collab.token.mutate({ document: documentName });
              // A role changed meanwhile: the page follows (the server enforces it anyway).
              setOpened((o) => (o && o.readOnly !== next.readOnly ? { ...o, readOnly: next.readOnly } : o));
              return next.token;
            } catch (error) {
              // No longer allowed (removed from the workspace, the record gone): stop trying.
              const code = error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
              if (code === "FORBIDDEN" || code === "NOT_FOUND" || code === "UNAUTHORIZED") {
                refused = true;
                setStatus("refused");
                socket?.disconnect();
              }
              throw error;
            }
          },
          onStatus: ({ status: s }) => setStatus(refused ? "refused" : s),
          onSynced: ({ state }) => setSynced(state),
          onAuthenticationFailed: ({ reason }) => {
            if (reason === COLLAB_UNAVAILABLE) {
              // The server could not check access just now (its database is away): not a
              // refusal. Reconnect in a few seconds, which authenticates anew.
              setStatus(WebSocketStatus.Connecting);
              const live = socket!;
              live.disconnect();
              clearTimeout(again);
              again = setTimeout(() => void live.connect(), 2000 + Math.random() * 2000);
              return;
            }
            refused = true;
            setStatus("refused");
          },
          onStateless: ({ payload }) => {
            const message = JSON.parse(payload) as RefusedEdit;
            if (message.type !== "refused") return;
            setRefusals((r) => ({ ...r, [message.field]: message.message }));
            toast.error(`${message.label} was not saved: ${message.message}`);
          },
        });
        // A copy on this device: edits made offline (a phone in a lift) survive a closed tab and
        // go to the server, merged with everyone else's, when the connection is back.
        local = new IndexeddbPersistence(localName(first.user.id, documentName), provider.document);
        provider.attach();
        // The device knows before the socket does (a phone in a lift): go offline at once, and
        // come back as soon as the network does.
        const live = socket;
        offline = () => live.disconnect();
        online = () => void live.connect();
        window.addEventListener("offline", offline);
        window.addEventListener("online", online);
        provider.setAwarenessField("user", user);
        const awareness = provider.awareness!;
        const update = () => {
          const list: Peer[] = [];
          awareness.getStates().forEach((state, clientId) => {
            const u = state.user as DocUser | undefined;
            if (u?.name) list.push({ clientId, user: u, field: typeof state.field === "string" ? state.field : null });
          });
          setPeers(list.sort((a, b) => a.clientId - b.clientId));
        };
        awareness.on("change", update);
        setOpened({ provider, readOnly: first.readOnly, user });
      })
      .catch((error: unknown) => !cancelled && setFailure(errorMessage(error)));
    return () => {
      cancelled = true;
      clearTimeout(again);
      if (offline) window.removeEventListener("offline", offline);
      if (online) window.removeEventListener("online", online);
      void local?.destroy();
      provider?.destroy();
      socket?.destroy();
      setOpened(null);
      setSynced(false);
      setPeers([]);
    };
  }, [client, collabUrl, documentName]);

  const session: RecordDocSession | null = opened
    ? {
        documentName,
        ...opened,
        status,
        synced,
        peers,
        refusals,
        clearRefusal: (field) =>
          setRefusals((r) => {
            if (!(field in r)) return r;
            const next = { ...r };
            delete next[field];
            return next;
          }),
      }
    : null;
  return (
    <Context.Provider value={session}>
      {failure ? (
        <p role="alert" className="text-sm text-red-600">
          {failure}
        </p>
      ) : null}
      {children}
    </Context.Provider>
  );
}

/** Connected and synced, connecting, offline, or refused — in words. */
export function statusLabel(status: DocStatus, synced: boolean) {
  if (status === "refused") return "Access refused";
  if (status === WebSocketStatus.Connected) return synced ? "Live" : "Syncing…";
  if (status === WebSocketStatus.Connecting) return "Connecting…";
  return "Offline: your edits are kept here and merge when you are back";
}

/** Who has the record open (avatars), and whether this page is live. */
export function LivePresence({ label }: { label: string }) {
  const session = useRecordDoc();
  if (!session) return <p className="text-xs text-muted">Opening…</p>;
  const { status, synced, readOnly, peers } = session;
  // One avatar per person, however many tabs they have open.
  const people = [...new Map(peers.map((p) => [p.user.id, p])).values()];
  return (
    <div className="flex flex-wrap items-center gap-3">
      <div className="flex items-center gap-2 text-xs text-muted">
        <span
          className={`size-2 rounded-full ${status === WebSocketStatus.Connected && synced ? "bg-emerald-500" : status === "refused" ? "bg-red-500" : "bg-amber-500"}`}
          aria-hidden
        />
        <span data-testid="collab-status" role="status">
          {statusLabel(status, synced)}
        </span>
        {readOnly ? <span className="rounded bg-zinc-100 px-1.5 py-0.5 dark:bg-zinc-800">View only</span> : null}
      </div>
      <ul className="flex -space-x-2" aria-label={label}>
        {people.map((p) => (
          <li
            key={p.user.id}
            title={p.user.name}
            className="grid size-7 place-items-center rounded-full border-2 border-white text-[10px] font-semibold text-white dark:border-zinc-900"
            style={{ backgroundColor: p.user.color }}
          >
            <span className="sr-only">{p.user.name}</span>
            <span aria-hidden>{initials(p.user.name)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
