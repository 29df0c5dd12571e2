import { and, eq, sql } from "drizzle-orm";
import { recordTables } from "@/server/db/record-tables";
import { users, workspaces } from "@/server/db/schema";
import { AppError, notFound } from "@/shared/errors";
import { seesAllRecords, type RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";

async function allowed(ctx: WorkspaceCtx) {
  const [w] = await ctx.db.select({ privateRecords: workspaces.privateRecords }).from(workspaces).where(eq(workspaces.id, ctx.workspaceId));
  return w?.privateRecords ?? false;
}

/** Who can see a record, and whether the caller may change that. */
export async function recordVisibility(ctx: WorkspaceCtx, type: RecordObject, id: string) {
  const t = recordTables[type];
  const [row] = await ctx.db
    .select({ visibility: t.visibility, ownerId: t.ownerId, ownerName: users.name })
    .from(t)
    .leftJoin(users, eq(users.id, t.ownerId))
    .where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, id)))
    .limit(1);
  if (!row) throw notFound(type);
  const enabled = await allowed(ctx);
  return {
    visibility: row.visibility,
    ownerName: row.ownerName,
    privateRecordsAllowed: enabled,
    canChange: enabled && (row.ownerId === ctx.userId || seesAllRecords(ctx.role)),
  };
}

/**
 * Makes a record private to its owner (owners and admins still see it) or the whole workspace's
 * again. Only where the workspace allows it, and only its owner or an admin. A record without an
 * owner becomes the caller's when they make it private (someone must be able to see it).
 */
export async function setRecordVisibility(ctx: WorkspaceCtx, type: RecordObject, id: string, visibility: "workspace" | "private") {
  const current = await recordVisibility(ctx, type, id);
  if (!current.privateRecordsAllowed && visibility === "private") {
    throw new AppError("FORBIDDEN", "record.private_not_allowed", "This workspace does not allow private records. An admin can allow them in Settings → Security.");
  }
  if (!current.canChange && !(visibility === "workspace" && seesAllRecords(ctx.role))) {
    throw new AppError("FORBIDDEN", "record.visibility_forbidden", "Only the record's owner or an admin can change who sees it.");
  }
  const t = recordTables[type];
  await ctx.db
    .update(t)
    .set({ visibility, ownerId: sql`coalesce(${t.ownerId}, ${ctx.userId}::uuid)`, updatedBy: ctx.userId, updatedAt: sql`now()` })
    .where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, id)));
  return recordVisibility(ctx, type, id);
}
