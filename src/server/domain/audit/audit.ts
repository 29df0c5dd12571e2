import { and, desc, eq, gte, like, lt, lte, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { auditLog, users } from "@/server/db/schema";
import type { WorkspaceCtx } from "../context";

/**
 * Appends a security event to the audit log (changes to records are captured by the database's
 * triggers on their own). Account events (sign-ins, two-factor) have no workspace.
 */
export async function audit(
  db: DbOrTx,
  entry: { workspaceId: string | null; action: string; objectType?: string; objectId?: string | null; before?: unknown; after?: unknown; actorId?: string | null; ip?: string | null },
) {
  await db.execute(
    sql`select audit_append(${entry.workspaceId}::uuid, ${entry.action}, ${entry.objectType ?? null}, ${entry.objectId ?? null}::uuid, ${entry.before === undefined ? null : JSON.stringify(entry.before)}::jsonb, ${entry.after === undefined ? null : JSON.stringify(entry.after)}::jsonb, ${entry.actorId ?? null}::uuid, ${entry.ip ?? null})`,
  );
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  objectType?: string;
  objectId?: string;
  from?: Date;
  to?: Date;
  before?: number;
  limit: number;
}

/** The workspace's entries, newest first, filtered; `next` continues from the last one. */
export async function listAudit(ctx: WorkspaceCtx, f: AuditFilter) {
  const rows = await ctx.db
    .select({
      id: auditLog.id,
      seq: auditLog.seq,
      at: auditLog.at,
      actorId: auditLog.actorId,
      actorName: users.name,
      apiKeyId: auditLog.apiKeyId,
      ip: auditLog.ip,
      action: auditLog.action,
      objectType: auditLog.objectType,
      objectId: auditLog.objectId,
      before: auditLog.before,
      after: auditLog.after,
      hash: auditLog.hash,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(
      and(
        eq(auditLog.workspaceId, ctx.workspaceId),
        f.action ? like(auditLog.action, `${f.action.replace(/[\\%_]/g, (c) => `\\${c}`)}%`) : undefined,
        f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
        f.objectType ? eq(auditLog.objectType, f.objectType) : undefined,
        f.objectId ? eq(auditLog.objectId, f.objectId) : undefined,
        f.from ? gte(auditLog.at, f.from) : undefined,
        f.to ? lte(auditLog.at, f.to) : undefined,
        f.before ? lt(auditLog.id, f.before) : undefined,
      ),
    )
    .orderBy(desc(auditLog.id))
    .limit(f.limit);
  return { items: rows, next: rows.length === f.limit ? rows.at(-1)!.id : null };
}

/** Recomputes the workspace's chain: how many entries hold, and the first one that was altered. */
export async function verifyAudit(ctx: WorkspaceCtx) {
  const [row] = await ctx.db.execute<{ checked: string; broken_at: string | null }>(sql`select * from audit_verify(${ctx.workspaceId}::uuid)`);
  return { checked: Number(row?.checked ?? 0), brokenAt: row?.broken_at === null || row?.broken_at === undefined ? null : Number(row.broken_at) };
}
