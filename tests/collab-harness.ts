import { HocuspocusProvider, HocuspocusProviderWebsocket } from "@hocuspocus/provider";
import WebSocket from "ws";
import * as Y from "yjs";
import { createCollabServer } from "../collab-server/server";
import { mintCollabToken } from "@/server/auth/collab-token";
import type { Db } from "@/server/db/client";
import { createLogger } from "@/server/observability/logger";
import { NOTE_FIELD } from "@/shared/doc-names";
import { appDatabase, TEST_SECRET, type TestUser } from "./helpers";

const log = createLogger("collab-test", "silent");

export async function startCollab(opts: { debounce?: number; redisUrl?: string; writeDelay?: number; db?: Db; maxLogBacklogBytes?: number } = {}) {
  const server = createCollabServer({
    db: opts.db ?? appDatabase().db,
    maxLogBacklogBytes: opts.maxLogBacklogBytes,
    secret: TEST_SECRET,
    log,
    port: 0,
    host: "127.0.0.1",
    debounce: opts.debounce,
    redisUrl: opts.redisUrl,
    writeDelay: opts.writeDelay,
  });
  await server.listen();
  return { server, url: `ws://127.0.0.1:${server.address.port}`, httpUrl: `http://127.0.0.1:${server.address.port}` };
}

export async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

export interface Client {
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  doc: Y.Doc;
  failures: string[];
  /** Stateless messages the server sent this client (refused edits). */
  messages: unknown[];
  destroy(): void;
}

/** A real provider as a browser would use it, with a token minted for this user and document. */
export async function connect(url: string, user: TestUser, document: string, token?: string, opts: { reconnect?: boolean } = {}): Promise<Client> {
  // Tests of refusals want one attempt; tests of crashes want a browser's retrying, quickly.
  const retry = opts.reconnect ? { maxAttempts: 0, delay: 100, minDelay: 100, maxDelay: 400, factor: 1.5 } : { maxAttempts: 1 };
  const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket, ...retry });
  const failures: string[] = [];
  const messages: unknown[] = [];
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: document,
    token: token ?? (await mintCollabToken(TEST_SECRET, { userId: user.id, document, name: user.name })),
    onAuthenticationFailed: ({ reason }) => failures.push(reason),
    onStateless: ({ payload }) => messages.push(JSON.parse(payload)),
  });
  provider.attach();
  return {
    provider,
    socket,
    doc: provider.document,
    failures,
    messages,
    destroy() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Waits until the client is authenticated and synced, or refused. */
export async function settled(client: Client) {
  await waitFor(() => client.provider.isSynced || client.failures.length > 0, "the client to sync or be refused");
}

export function writeNote(doc: Y.Doc, text: string) {
  const fragment = doc.getXmlFragment(NOTE_FIELD);
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  fragment.insert(fragment.length, [paragraph]);
}

export function readNote(doc: Y.Doc) {
  return doc.getXmlFragment(NOTE_FIELD).toString();
}
