import { and, eq, sql } from "drizzle-orm";
import { recordTables } from "@/server/db/record-tables";
import { teams, users, workspaces } from "@/server/db/schema";
import { isInTeam } from "./teams";
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
    .select({ visibility: t.visibility, ownerId: t.ownerId, ownerName: users.name, teamId: t.teamId, teamName: teams.name })
    .from(t)
    .leftJoin(users, eq(users.id, t.ownerId))
    .leftJoin(teams, and(eq(teams.workspaceId, t.workspaceId), eq(teams.id, t.teamId)))
    .where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, id)))
    .limit(1);
  if (!row) throw notFound(type);
  const enabled = await allowed(ctx);
  return {
    visibility: row.visibility,
    ownerName: row.ownerName,
    teamId: row.visibility === "team" ? row.teamId : null,
    teamName: row.visibility === "team" ? row.teamName : null,
    privateRecordsAllowed: enabled,
    canChange: enabled && (row.ownerId === ctx.userId || seesAllRecords(ctx.role)),
  };
}

/**
 * Makes a record private to its owner, or to its owner and a team (owners and admins still see
 * it), or the whole workspace's again. Only where the workspace allows it, and only its owner or an admin. A record without an
 * owner becomes the caller's when they make it private (someone must be able to see it).
 */
export async function setRecordVisibility(ctx: WorkspaceCtx, type: RecordObject, id: string, visibility: "workspace" | "team" | "private", teamId?: string | null) {
  const current = await recordVisibility(ctx, type, id);
  if (!current.privateRecordsAllowed && visibility !== "workspace") {
    throw new AppError("FORBIDDEN", "record.private_not_allowed", "This workspace does not allow private records. An admin can allow them in Settings → Security.");
  }
  if (!current.canChange && !(visibility === "workspace" && seesAllRecords(ctx.role))) {
    throw new AppError("FORBIDDEN", "record.visibility_forbidden", "Only the record's owner or an admin can change who sees it.");
  }
  if (visibility === "team") {
    if (!teamId) throw new AppError("INVALID", "record.team_required", "Choose the team that may see it.");
    const [team] = await ctx.db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, teamId)));
    if (!team) throw notFound("team");
    // Sharing with a team one is not in would hide the record from its owner's own colleagues by mistake: admins only.
    if (!seesAllRecords(ctx.role) && !(await isInTeam(ctx, teamId))) {
      throw new AppError("FORBIDDEN", "record.team_not_yours", "You can share a record only with a team you are in.");
    }
  }
  const t = recordTables[type];
  await ctx.db
    .update(t)
    .set({ visibility, teamId: visibility === "team" ? teamId! : null, ownerId: sql`coalesce(${t.ownerId}, ${ctx.userId}::uuid)`, updatedBy: ctx.userId, updatedAt: sql`now()` })
    .where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, id)));
  return recordVisibility(ctx, type, id);
}
