import { createHash } from "node:crypto";
import type { afterUnloadDocumentPayload, beforeSyncPayload, Connection, Extension, onLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import * as decoding from "lib0/decoding";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import * as Y from "yjs";
import { inWorkspace, type Db } from "@/server/db/client";
import { documents, documentUpdates } from "@/server/db/schema";
import { bigintArray, byteaArray, textArray, uuidArray } from "@/server/db/sql-values";
import type { Logger } from "@/server/observability/logger";
import type { CollabContext } from "../context";
import type { CollabMetrics } from "./observability";

const SYNC_STEP_2 = 1;
const UPDATE = 2;

/** An encoded Yjs update with no structs and an empty delete set: nothing to keep. */
const isEmptyUpdate = (u: Uint8Array) => u.length <= 2;

/**
 * Durable documents in PostgreSQL:
 * - every update a client sends is appended to `document_updates`, with its author, *before* the
 *   server applies and acknowledges it, so a crash loses nothing acknowledged;
 * - the whole state is stored (debounced, and on unload) in `documents` as a snapshot, with the
 *   id up to which every logged update is contained in it; loading applies the snapshot and every
 *   logged update after that id.
 *
 * Which logged updates a snapshot contains is decided by checking them against the snapshot
 * itself (`Y.snapshotContainsUpdate`), never by what this process believes it applied: several
 * connections and several servers append concurrently, and an update logged but not yet applied
 * must stay after the covered id. Snapshots from several servers are merged, not overwritten: a
 * store writes over the stored version this server last read or wrote (which its document
 * contains) without reading it again, and over any other only once merged with it.
 *
 * Both writes are one statement each (append_document_updates, store_document): the advisory lock
 * between a document's appends and its snapshots is held while PostgreSQL runs them, never while
 * this process's event loop — saturated under load — gets round to the next statement.
 */
export class PersistenceExtension implements Extension {
  readonly log: UpdateLog;
  /**
   * Each loaded document's workspace (a store after a server-made change has no connection
   * context), and its stored snapshot as this server last read or wrote it — row version and
   * covered id — while the document contains it (null: to be read again before storing over it).
   */
  private readonly loaded = new Map<string, { workspaceId: string; stored: { version: string | null; covered: number } | null }>();

  constructor(private readonly deps: { db: Db; logDb?: Db; log: Logger; metrics: CollabMetrics; maxLogBacklogBytes?: number }) {
    this.log = new UpdateLog(deps.logDb ?? deps.db, deps.log, 2000, deps.maxLogBacklogBytes);
  }

  async afterUnloadDocument({ documentName }: afterUnloadDocumentPayload) {
    this.loaded.delete(documentName);
  }

  async onLoadDocument(payload: onLoadDocumentPayload<CollabContext>) {
    try {
      await this.load(payload);
    } catch (error) {
      this.loaded.delete(payload.documentName);
      releaseFailedLoad(payload.document);
      throw error;
    }
  }

  private async load({ documentName, document, context }: onLoadDocumentPayload<CollabContext>) {
    const workspaceId = context.workspaceId;
    const entry = { workspaceId, stored: null as { version: string | null; covered: number } | null };
    this.loaded.set(documentName, entry);
    const { snapshot, updates } = await inWorkspace(this.deps.db, workspaceId, async (tx) => {
      const [snapshot] = await tx
        .select({ state: documents.state, covered: documents.coveredUpdateId, version: sql<string>`${documents}.xmin::text` })
        .from(documents)
        .where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, documentName)))
        .limit(1);
      const updates = await tx
        .select({ id: documentUpdates.id, update: documentUpdates.update })
        .from(documentUpdates)
        .where(
          and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, documentName), gt(documentUpdates.id, snapshot?.covered ?? 0)),
        )
        .orderBy(asc(documentUpdates.id));
      return { snapshot, updates };
    });
    Y.transact(document, () => {
      if (snapshot) Y.applyUpdate(document, snapshot.state);
      for (const u of updates) {
        try {
          Y.applyUpdate(document, u.update);
        } catch (error) {
          // One unreadable update must not make the whole document impossible to open.
          this.deps.log.error({ documentName, updateId: u.id, err: error }, "skipped an unreadable logged update");
        }
      }
    });
    entry.stored = { version: snapshot?.version ?? null, covered: snapshot?.covered ?? 0 };
    this.deps.metrics.documentsLoaded.inc();
  }

  /**
   * Logs every update a client sends, and holds back the server's acknowledgement of it until
   * the log entry is committed — while the update itself is applied and sent on to the others at
   * once. Nothing is acknowledged before it is durable; nobody waits for the disk to see an edit.
   * (Should this server die before the commit, the sender still holds the edit as unacknowledged
   * and sends it again, and so does anyone who already received it.) Acknowledgements go out in
   * order, and the log commits in order, so an acknowledged edit never depends on one that is not
   * yet in the log.
   */
  async beforeSync({ type, payload, connection, documentName, context }: beforeSyncPayload<CollabContext>) {
    if ((type !== SYNC_STEP_2 && type !== UPDATE) || connection.readOnly) return;
    const acks = deferAcknowledgements(connection);
    if (isEmptyUpdate(payload)) {
      acks.push(Promise.resolve());
      return;
    }
    // Refuse what Yjs cannot read before it is logged (throwing here stops the message).
    Y.decodeUpdate(payload);
    // The database has been away long enough for the waiting log to fill: take no more edits into
    // memory. The sender's connection closes with "try again later"; the edit stays with them
    // (unacknowledged, in their browser) and comes back when they reconnect.
    if (this.log.full) {
      connection.webSocket.close(1013, "Try again later");
      throw new Error("update log backlog full");
    }
    const end = this.deps.metrics.appendDuration.startTimer();
    acks.push(this.log.append({ workspaceId: context.workspaceId, name: documentName, update: payload, userId: context.userId }).then(() => void end()));
  }

  async onStoreDocument({ documentName, document, lastContext }: onStoreDocumentPayload<CollabContext>) {
    const entry = this.loaded.get(documentName) ?? (lastContext?.workspaceId ? { workspaceId: lastContext.workspaceId, stored: null } : null);
    if (!entry) return;
    const { workspaceId } = entry;
    const state = Y.encodeStateAsUpdate(document);
    const snapshot = Y.snapshot(document);
    const key = logLockKey(workspaceId, documentName);
    // The stored snapshot as this server last saw it, which this document then contained: storing
    // over it loses nothing. Anything else (never seen, or since written by another server) is
    // read and merged with first.
    let seen = entry.stored;
    for (let attempt = 0; ; attempt++) {
      const merge = seen ? null : await this.readStored(workspaceId, documentName);
      const base = seen ?? merge!;
      const contained = await this.containedUpdates(workspaceId, documentName, base.covered, snapshot);
      const toStore = merge?.state ? mergeStates(merge.state, state) : state;
      const [result] = await this.deps.db.execute<{ stored: boolean; version: string | null; covered: string | number }>(
        sql`select * from store_document(${key}::bigint, ${workspaceId}::uuid, ${documentName}, ${Buffer.from(toStore.buffer, toStore.byteOffset, toStore.byteLength)}::bytea, ${bigintArray(contained.map(String))}, ${base.version}::text)`,
      );
      if (result?.stored) {
        // Merged with another server's state that this document lacks: read it again next time.
        entry.stored = merge?.state && !containsUpdate(snapshot, merge.state) ? null : { version: result.version, covered: Number(result.covered) };
        break;
      }
      // Written meanwhile (another server, or a document forgotten): read it, merge, try again.
      seen = entry.stored = null;
      if (attempt >= 4) throw new Error(`the snapshot of ${documentName} kept changing while it was stored`);
    }
    this.deps.metrics.documentsStored.inc();
  }

  /** The stored snapshot of a document, as it is now. */
  private async readStored(workspaceId: string, documentName: string) {
    const [row] = await inWorkspace(this.deps.db, workspaceId, (tx) =>
      tx
        .select({ state: documents.state, covered: documents.coveredUpdateId, version: sql<string>`${documents}.xmin::text` })
        .from(documents)
        .where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, documentName)))
        .limit(1),
    );
    return row ?? { state: null, covered: 0, version: null };
  }

  /**
   * The longest run of logged updates after `after`, in log order, that the snapshot surely
   * contains. Read without a lock: store_document checks, under it, that none was missed.
   */
  private async containedUpdates(workspaceId: string, documentName: string, after: number, snapshot: Y.Snapshot) {
    const logged = await inWorkspace(this.deps.db, workspaceId, (tx) =>
      tx
        .select({ id: documentUpdates.id, update: documentUpdates.update })
        .from(documentUpdates)
        .where(and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, documentName), gt(documentUpdates.id, after)))
        .orderBy(asc(documentUpdates.id)),
    );
    const contained: number[] = [];
    for (const row of logged) {
      if (!containsUpdate(snapshot, row.update)) break;
      contained.push(row.id);
    }
    return contained;
  }
}

type LoggedUpdate = typeof documentUpdates.$inferInsert;

/** The advisory lock between a document's log appends (shared) and its snapshots (exclusive): a signed 64-bit key. */
export function logLockKey(workspaceId: string, name: string): string {
  const digest = createHash("sha256").update(`${workspaceId}/${name}`).digest();
  return digest.readBigInt64BE(0).toString();
}

/**
 * Appends to the update log with group commit: while one INSERT is on its way, the updates that
 * arrive (from every connection and document) wait and then go together in the next one — one
 * commit and one disk flush for many, instead of one each. Each caller's promise settles when its
 * update is committed, so nothing is acknowledged before it is durable; under load, batches grow
 * by themselves to what the database can take.
 */
export class UpdateLog {
  private pending: { row: LoggedUpdate; done: () => void }[] = [];
  private writing = false;
  private retryDelay = 100;
  /** Bytes of updates appended and not yet committed. */
  private backlog = 0;

  constructor(
    private readonly db: Db,
    private readonly log?: Logger,
    private readonly maxBatch = 500,
    /** Beyond this many bytes waiting for the database, clients' edits are turned away (see `full`). */
    private readonly maxBacklogBytes = 64 * 1024 * 1024,
  ) {}

  /** Too much is waiting for the database: memory stays bounded however long it is away. */
  get full() {
    return this.backlog >= this.maxBacklogBytes;
  }

  /** Settles once the update is committed. While the database is down it waits (and retries). */
  append(row: LoggedUpdate): Promise<void> {
    const size = row.update.byteLength;
    this.backlog += size;
    return new Promise((done) => {
      this.pending.push({
        row,
        done: () => {
          this.backlog -= size;
          done();
        },
      });
      if (!this.writing) void this.write();
    });
  }

  private async write() {
    const batch = this.pending.splice(0, this.maxBatch);
    if (!batch.length) {
      this.writing = false;
      return;
    }
    this.writing = true;
    try {
      await this.insert(batch);
      this.retryDelay = 100;
      void this.write();
    } catch (error) {
      // The database is unreachable: keep the batch first in line and try again shortly. The
      // senders' acknowledgements wait; nothing is dropped.
      this.log?.warn({ err: error, waiting: batch.length + this.pending.length }, "update log unavailable; retrying");
      this.pending.unshift(...batch);
      setTimeout(() => void this.write(), this.retryDelay);
      this.retryDelay = Math.min(2000, this.retryDelay * 2);
    }
  }

  /**
   * One statement (see append_document_updates): the shared side of each document's log lock,
   * then the rows, each workspace's as that workspace, in one commit.
   */
  private async insertLocked(rows: LoggedUpdate[]) {
    await this.db.execute(
      sql`select append_document_updates(${bigintArray(rows.map((r) => logLockKey(r.workspaceId, r.name)))}, ${uuidArray(rows.map((r) => r.workspaceId))}, ${textArray(rows.map((r) => r.name))}, ${byteaArray(rows.map((r) => r.update))}, ${uuidArray(rows.map((r) => r.userId))})`,
    );
  }

  private async insert(batch: { row: LoggedUpdate; done: () => void }[]) {
    try {
      await this.insertLocked(batch.map((b) => b.row));
      batch.forEach((b) => b.done());
    } catch (error) {
      if (!isIntegrityError(error)) throw error;
      // One row the database refuses (its workspace deleted meanwhile) must not hold up the
      // others: write them one by one, and let the refused ones go (there is nothing to keep).
      for (const b of batch) {
        try {
          await this.insertLocked([b.row]);
        } catch (inner) {
          if (!isIntegrityError(inner)) throw inner;
          this.log?.warn({ err: inner, documentName: b.row.name }, "an update was refused by the database and not logged");
        }
        b.done();
      }
    }
  }
}

/** PostgreSQL's integrity constraint violations (class 23): the row, not the database, is wrong. */
const isIntegrityError = (error: unknown) => typeof (error as { code?: unknown })?.code === "string" && (error as { code: string }).code.startsWith("23");

const SYNC_STATUS = 8;
const pendingAcks = new WeakMap<object, Promise<void>[]>();

/**
 * The connection's acknowledgements (Hocuspocus's SyncStatus messages, one per update or sync
 * step received, in order) wait for the durability of what they acknowledge; every other message
 * goes out at once. Returns the queue to push each update's durability onto.
 */
function deferAcknowledgements(connection: Connection): Promise<void>[] {
  let queue = pendingAcks.get(connection);
  if (queue) return queue;
  const waiting: Promise<void>[] = [];
  queue = waiting;
  pendingAcks.set(connection, waiting);
  const send = connection.send.bind(connection);
  let chain = Promise.resolve();
  connection.send = (message: Uint8Array) => {
    if (!isSyncStatus(message)) return send(message);
    const durable = waiting.shift() ?? Promise.resolve();
    chain = chain.then(() => durable).then(() => send(message));
  };
  return queue;
}

function isSyncStatus(message: Uint8Array): boolean {
  try {
    const decoder = decoding.createDecoder(message);
    decoding.readVarString(decoder);
    return decoding.readVarUint(decoder) === SYNC_STATUS;
  } catch {
    return false;
  }
}

function containsUpdate(snapshot: Y.Snapshot, update: Uint8Array): boolean {
  try {
    return Y.snapshotContainsUpdate(snapshot, update);
  } catch {
    return false;
  }
}

function mergeStates(a: Uint8Array, b: Uint8Array): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, a);
  Y.applyUpdate(doc, b);
  const merged = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return merged;
}

/**
 * Hocuspocus (4.7) neither keeps nor destroys a document whose load failed, and its awareness
 * timer then keeps it in memory for good: one leaked document per failed load. Destroying it
 * here releases it (the server's own unload skips documents it never registered).
 */
export function releaseFailedLoad(document: { destroy(): void }) {
  try {
    document.destroy();
  } catch {
    // already gone
  }
}
