import type { beforeSyncPayload, Extension, onLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import { and, asc, eq, gt, sql } from "drizzle-orm";
import * as Y from "yjs";
import type { Db } from "@/server/db/client";
import { documents, documentUpdates } from "@/server/db/schema";
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
 * - the whole state is stored (debounced) in `documents` as a snapshot, recording which logged
 *   updates it surely contains; loading applies the snapshot and every later update.
 *
 * Which logged ids a snapshot contains is known only after they have been applied, so a snapshot
 * claims the ids logged before the *previous* store; replaying an update already in the snapshot
 * is harmless (Yjs updates are idempotent).
 */
export class PersistenceExtension implements Extension {
  private loggedUpTo = new Map<string, number>();
  private claimable = new Map<string, number>();

  constructor(private readonly deps: { db: Db; log: Logger; metrics: CollabMetrics }) {}

  async onLoadDocument({ documentName, document, context }: onLoadDocumentPayload<CollabContext>) {
    const workspaceId = context.workspaceId;
    const [snapshot] = await this.deps.db
      .select({ state: documents.state, covered: documents.coveredUpdateId })
      .from(documents)
      .where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, documentName)))
      .limit(1);
    const covered = snapshot?.covered ?? 0;
    const updates = await this.deps.db
      .select({ id: documentUpdates.id, update: documentUpdates.update })
      .from(documentUpdates)
      .where(and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, documentName), gt(documentUpdates.id, covered)))
      .orderBy(asc(documentUpdates.id));
    Y.transact(document, () => {
      if (snapshot) Y.applyUpdate(document, snapshot.state);
      for (const u of updates) Y.applyUpdate(document, u.update);
    });
    const last = updates.at(-1)?.id ?? covered;
    this.loggedUpTo.set(documentName, last);
    this.claimable.set(documentName, covered);
    this.deps.metrics.documentsLoaded.inc();
  }

  async beforeSync({ type, payload, connection, documentName, context }: beforeSyncPayload<CollabContext>) {
    if ((type !== SYNC_STEP_2 && type !== UPDATE) || connection.readOnly || isEmptyUpdate(payload)) return;
    const end = this.deps.metrics.appendDuration.startTimer();
    const [row] = await this.deps.db
      .insert(documentUpdates)
      .values({ workspaceId: context.workspaceId, name: documentName, update: payload, userId: context.userId })
      .returning({ id: documentUpdates.id });
    end();
    this.loggedUpTo.set(documentName, Math.max(this.loggedUpTo.get(documentName) ?? 0, row!.id));
  }

  async onStoreDocument({ documentName, document, lastContext }: onStoreDocumentPayload<CollabContext>) {
    const workspaceId = lastContext?.workspaceId;
    if (!workspaceId) return;
    const state = Y.encodeStateAsUpdate(document);
    const covered = this.claimable.get(documentName) ?? 0;
    await this.deps.db
      .insert(documents)
      .values({ workspaceId, name: documentName, state, coveredUpdateId: covered })
      .onConflictDoUpdate({
        target: [documents.workspaceId, documents.name],
        set: { state, coveredUpdateId: sql`greatest(${documents.coveredUpdateId}, ${covered})`, updatedAt: sql`now()` },
      });
    this.claimable.set(documentName, this.loggedUpTo.get(documentName) ?? covered);
    this.deps.metrics.documentsStored.inc();
  }

  async afterUnloadDocument({ documentName }: { documentName: string }) {
    this.loggedUpTo.delete(documentName);
    this.claimable.delete(documentName);
  }
}
