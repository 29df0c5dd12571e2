import { and, asc, eq, gt, inArray, lte, sql } from "drizzle-orm";
import * as Y from "yjs";
import { documents, documentUpdates, recordDocBases, users } from "@/server/db/schema";
import { formatDocName, NOTE_FIELD } from "@/shared/doc-names";
import type { RecordDocKind } from "@/shared/doc-names";
import { FIELDS, fragmentLines, readDocValue, sameValue, type DocField, type FieldValue } from "@/shared/record-doc";
import type { WorkspaceCtx } from "../context";
import { fieldsOfDoc } from "./record-values";

/** Updates by one person (or the server) starting within this long of each other are one version. */
export const VERSION_WINDOW_MS = 60_000;

interface LoggedUpdate {
  id: number;
  userId: string | null;
  createdAt: Date;
  update: Uint8Array;
}

/** The log, in order, cut into versions: runs of one author's updates within the window. */
export function groupVersions<T extends Pick<LoggedUpdate, "userId" | "createdAt">>(rows: T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  for (const row of rows) {
    const start = current[0];
    if (start && start.userId === row.userId && row.createdAt.getTime() - start.createdAt.getTime() < VERSION_WINDOW_MS) current.push(row);
    else {
      if (current.length) groups.push(current);
      current = [row];
    }
  }
  if (current.length) groups.push(current);
  return groups;
}

export interface FieldChangeView {
  key: string;
  label: string;
  from: FieldValue;
  to: FieldValue;
}

export interface VersionView {
  /** The last logged update of the version: the id to scrub to or restore from. */
  upTo: number;
  at: string;
  user: { id: string; name: string } | null;
  /** The record's values when its document first opened. */
  baseline: boolean;
  changes: FieldChangeView[];
}

const noteField: DocField = { key: NOTE_FIELD, label: "Note", input: "long_text", merge: "text" };


function valuesOf(doc: Y.Doc, fields: DocField[]): Record<string, FieldValue> {
  const map = doc.getMap<unknown>(FIELDS);
  const out: Record<string, FieldValue> = {};
  for (const f of fields) out[f.key] = map.has(f.key) ? readDocValue(map, f) : null;
  out[NOTE_FIELD] = fragmentLines(doc.getXmlFragment(NOTE_FIELD)).join("\n").trim() || null;
  return out;
}

async function loggedUpdates(ctx: WorkspaceCtx, name: string, upTo?: number): Promise<LoggedUpdate[]> {
  return ctx.db
    .select({ id: documentUpdates.id, userId: documentUpdates.userId, createdAt: documentUpdates.createdAt, update: documentUpdates.update })
    .from(documentUpdates)
    .where(and(eq(documentUpdates.workspaceId, ctx.workspaceId), eq(documentUpdates.name, name), upTo ? lte(documentUpdates.id, upTo) : undefined))
    .orderBy(asc(documentUpdates.id));
}

/**
 * A record's history from its document's update log: each version with who made it, when, and
 * which fields it changed from what to what (the note too); and, per field, who changed it last.
 * The first version is the record as its document first opened (values from the row).
 */
export async function recordHistory(ctx: WorkspaceCtx, object: RecordDocKind, id: string, limit = 300) {
  const name = formatDocName({ kind: object, id });
  const fields = await fieldsOfDoc(ctx, object);
  const rows = await loggedUpdates(ctx, name);
  const doc = new Y.Doc();
  let previous = valuesOf(doc, fields);
  const versions: (Omit<VersionView, "user"> & { userId: string | null })[] = [];
  const blame: Record<string, { userId: string | null; at: string }> = {};
  const all = [...fields, noteField];
  for (const group of groupVersions(rows)) {
    Y.transact(doc, () => {
      for (const row of group) {
        try {
          Y.applyUpdate(doc, row.update);
        } catch {
          // an unreadable update is skipped here as when the document loads
        }
      }
    });
    const current = valuesOf(doc, fields);
    const changes: FieldChangeView[] = [];
    for (const f of all) {
      if (sameValue(previous[f.key], current[f.key])) continue;
      changes.push({ key: f.key, label: f.label, from: previous[f.key] ?? null, to: current[f.key] ?? null });
    }
    // The first filling of the fields from the row is where the document's history starts.
    const baseline = versions.length === 0 && group[0]!.userId === null;
    const at = group[0]!.createdAt.toISOString();
    if (changes.length || baseline) {
      versions.push({ upTo: group[group.length - 1]!.id, at, userId: group[0]!.userId, baseline, changes: baseline ? [] : changes });
      if (!baseline) for (const c of changes) blame[c.key] = { userId: group[0]!.userId, at };
    }
    previous = current;
  }
  doc.destroy();

  const ids = [...new Set([...versions.map((v) => v.userId), ...Object.values(blame).map((b) => b.userId)].filter((u): u is string => !!u))];
  const names = new Map(
    ids.length ? (await ctx.db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids))).map((u) => [u.id, u.name]) : [],
  );
  const person = (userId: string | null) => (userId ? { id: userId, name: names.get(userId) ?? "Someone" } : null);
  return {
    versions: versions
      .slice(-limit)
      .reverse()
      .map(({ userId, ...v }) => ({ ...v, user: person(userId) })),
    blame: Object.fromEntries(Object.entries(blame).map(([key, b]) => [key, { user: person(b.userId), at: b.at }])),
    fields: all.map((f) => ({ key: f.key, label: f.label })),
  };
}

/** The record's document as it stood at a version, as one Yjs update (to show and restore from). */
export async function recordVersion(ctx: WorkspaceCtx, object: RecordDocKind, id: string, upTo: number) {
  return { upTo, state: Buffer.from(await storedState(ctx, formatDocName({ kind: object, id }), upTo)).toString("base64") };
}

/**
 * A document's state from its update log (every acknowledged edit is in it, in order), up to an
 * update id or whole.
 */
/** Forgets a document whole (its log, snapshot and base): a record deleted for good, a person erased. */
export async function forgetDocument(ctx: Pick<WorkspaceCtx, "db" | "workspaceId">, name: string) {
  for (const t of [documentUpdates, documents, recordDocBases]) await ctx.db.delete(t).where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.name, name)));
}

export async function storedState(ctx: WorkspaceCtx, name: string, upTo?: number): Promise<Uint8Array> {
  const rows = await loggedUpdates(ctx, name, upTo);
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    for (const row of rows) {
      try {
        Y.applyUpdate(doc, row.update);
      } catch {
        // skipped, as on load
      }
    }
  });
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

/**
 * Keeps the log small without changing the history shown: the updates of each version that is
 * already in the document's snapshot and older than an hour become one update (same id as the
 * version's last update, same author, the version's start time). Returns how many rows went.
 */
export async function compactHistory(ctx: Pick<WorkspaceCtx, "db" | "workspaceId">, name: string, olderThanMs = 60 * 60_000) {
  return ctx.db.transaction(async (tx) => {
    // The snapshot must not go (the document forgotten) while its log is rewritten; it may move
    // on — its covered id only rises — so a store of the document is not held up (key share).
    const [snapshot] = await tx
      .select({ covered: documents.coveredUpdateId })
      .from(documents)
      .where(and(eq(documents.workspaceId, ctx.workspaceId), eq(documents.name, name)))
      .for("key share")
      .limit(1);
    if (!snapshot?.covered) return 0;
    const cutoff = new Date(Date.now() - olderThanMs);
    const rows = await tx
      .select({ id: documentUpdates.id, userId: documentUpdates.userId, createdAt: documentUpdates.createdAt, update: documentUpdates.update })
      .from(documentUpdates)
      .where(and(eq(documentUpdates.workspaceId, ctx.workspaceId), eq(documentUpdates.name, name), lte(documentUpdates.id, snapshot.covered)))
      .orderBy(asc(documentUpdates.id));
    // The first update past the snapshot: a version it belongs to is not complete yet.
    const [next] = await tx
      .select({ id: documentUpdates.id, userId: documentUpdates.userId, createdAt: documentUpdates.createdAt, update: documentUpdates.update })
      .from(documentUpdates)
      .where(and(eq(documentUpdates.workspaceId, ctx.workspaceId), eq(documentUpdates.name, name), gt(documentUpdates.id, snapshot.covered)))
      .orderBy(asc(documentUpdates.id))
      .limit(1);
    let removed = 0;
    for (const group of groupVersions(next ? [...rows, next] : rows)) {
      if (group.length < 2 || group[group.length - 1]!.createdAt > cutoff || (next && group.includes(next))) continue;
      const last = group[group.length - 1]!;
      const merged = Y.mergeUpdates(group.map((r) => r.update));
      await tx.delete(documentUpdates).where(
        and(
          eq(documentUpdates.workspaceId, ctx.workspaceId),
          inArray(
            documentUpdates.id,
            group.map((r) => r.id),
          ),
        ),
      );
      await tx.insert(documentUpdates).values({ workspaceId: ctx.workspaceId, id: last.id, name, update: merged, userId: group[0]!.userId, createdAt: group[0]!.createdAt });
      removed += group.length - 1;
    }
    return removed;
  });
}

/** The documents whose logs have something to compact: many updates already in their snapshot. */
export async function documentsToCompact(db: WorkspaceCtx["db"], minUpdates = 50) {
  const rows = await db.execute<{ workspace_id: string; name: string }>(sql`
    select u.workspace_id, u.name
    from document_updates u
    join documents d on d.workspace_id = u.workspace_id and d.name = u.name and u.id <= d.covered_update_id
    where u.created_at < now() - interval '1 hour'
    group by u.workspace_id, u.name
    having count(*) >= ${minUpdates}
    limit 500`);
  return [...rows].map((r) => ({ workspaceId: r.workspace_id, name: r.name }));
}
