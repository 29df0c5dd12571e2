import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { memberships, notificationSettings, recordFollows, users, workspaces } from "@/server/db/schema";
import { AppError } from "@/shared/errors";
import { roles, seesPrivateRecords, type Role } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { endSessions } from "../auth/sessions";
import { audit } from "../audit/audit";

const active = isNull(memberships.disabledAt);

/**
 * Runs `fn` in a transaction that acts for this person before any workspace is chosen: row-level
 * security shows them their own memberships and nothing of any workspace's records.
 */
export async function asUser<T>(db: DbOrTx, userId: string, fn: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.user_id', ${userId}, true)`);
    return fn(tx);
  });
}

/**
 * Acts in this transaction as a person of the workspace with a role, outside a tRPC procedure (an
 * import running in the worker): the workspace, the person, and whether they see records private
 * to others — as workspaceProcedure decides it.
 */
export async function actAs(tx: DbOrTx, who: { workspaceId: string; userId: string; role: Role }) {
  const [w] = await tx.execute<{ private_records: boolean }>(sql`select private_records from workspaces where id = ${who.workspaceId}`);
  const sees = seesPrivateRecords(w?.private_records ?? false, who.role);
  await tx.execute(
    sql`select set_config('app.workspace_id', ${who.workspaceId}, true), set_config('app.user_id', ${who.userId}, true), set_config('app.sees_private', ${sees ? "on" : "off"}, true)`,
  );
}

/** Who sees records private to others, as the permission table says: where private records are allowed, and where not. */
// Constants of this code (role names), written into the statement so that its text never changes.
const seersLiteral = (allows: boolean) => sql.raw(`'{${roles.filter((r) => seesPrivateRecords(allows, r)).join(",")}}'::text[]`);
const privateSeers = seersLiteral(true);
const openSeers = seersLiteral(false);

export interface OpenedRequest {
  workspaceId: string;
  workspaceName: string;
  /** The membership's role. */
  role: Role;
  /** The role the request acts with (the membership's, or the API key's cap). */
  actingRole: Role;
  privateRecords: boolean;
  requireTwoFactor: boolean;
  hasSecondFactor: boolean;
}

/**
 * Opens a request's transaction in one statement (`open_request`): acts for the person, finds
 * their active membership (in the workspace asked for, or their oldest), and, when they are a
 * member whom the workspace's second-factor rule lets in (an API key is not held to it), sets the
 * workspace, the caller's address and key, and whether they see records private to others. Null
 * when they are not a member; the caller refuses a missing second factor.
 */
export async function openRequest(
  tx: DbOrTx,
  who: { userId: string; workspaceId: string | null; clientIp: string | null; apiKeyId: string | null; role: Role | null },
): Promise<OpenedRequest | null> {
  const rows = await tx.execute<{
    workspace_id: string;
    workspace_name: string;
    role: Role;
    acting_role: Role;
    private_records: boolean;
    require_two_factor: boolean;
    has_second_factor: boolean;
  }>(
    sql`select * from open_request(${who.userId}, ${who.workspaceId}, ${who.clientIp}, ${who.apiKeyId}, ${who.role}, ${privateSeers}, ${openSeers})`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    workspaceId: row.workspace_id,
    workspaceName: row.workspace_name,
    role: row.role,
    actingRole: row.acting_role,
    privateRecords: row.private_records,
    requireTwoFactor: row.require_two_factor,
    hasSecondFactor: row.has_second_factor,
  };
}

/** The user's active membership in the given workspace, or their oldest one when none is given. */
export async function findMembership(db: DbOrTx, userId: string, workspaceId?: string | null) {
  const rows = await db
    .select({
      workspaceId: memberships.workspaceId,
      workspaceName: workspaces.name,
      role: memberships.role,
      requireTwoFactor: workspaces.requireTwoFactor,
      privateRecords: workspaces.privateRecords,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), active, workspaceId ? eq(memberships.workspaceId, workspaceId) : undefined))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  return rows[0] ?? null;
}

export async function listMyWorkspaces(db: DbOrTx, userId: string) {
  return db
    .select({ id: workspaces.id, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), active))
    .orderBy(asc(memberships.createdAt));
}

/** How many of the user's memberships an admin has deactivated. */
export async function countDeactivated(db: DbOrTx, userId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), sql`${memberships.disabledAt} is not null`));
  return row?.n ?? 0;
}

/** The workspace's active members (whom one can assign, mention, pick). */
export async function listMembers(db: DbOrTx, workspaceId: string) {
  return db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), active))
    .orderBy(asc(users.name));
}

/** Everyone in the workspace, deactivated people too, for the admins' members page. */
export async function listMemberships(db: DbOrTx, workspaceId: string) {
  const disabler = sql<string | null>`(select u.name from users u where u.id = ${memberships.disabledBy})`;
  return db
    .select({
      userId: users.id,
      name: users.name,
      email: users.email,
      role: memberships.role,
      joinedAt: memberships.createdAt,
      disabledAt: memberships.disabledAt,
      disabledByName: disabler,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, workspaceId))
    .orderBy(sql`${memberships.disabledAt} is not null`, asc(users.name));
}

export async function findUser(db: DbOrTx, userId: string) {
  const [user] = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return user ?? null;
}

/** Whether the user is an active member of the workspace (assignees, user fields, owners, notifications). */
export async function isMember(db: DbOrTx, workspaceId: string, userId: string): Promise<boolean> {
  const [m] = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId), active))
    .limit(1);
  return Boolean(m);
}

async function owners(db: DbOrTx, workspaceId: string) {
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner"), active))
    .for("update");
  return rows.map((r) => r.userId);
}

async function memberRole(db: DbOrTx, workspaceId: string, userId: string) {
  const [m] = await db
    .select({ role: memberships.role, disabledAt: memberships.disabledAt })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .for("update")
    .limit(1);
  if (!m) throw new AppError("NOT_FOUND", "member.not_found", "That person is not a member of this workspace.");
  return m;
}

/** Only an owner touches an owner, and a workspace always keeps one. */
async function checkOwnerRules(ctx: WorkspaceCtx, current: Role, next: Role | null) {
  if ((current === "owner" || next === "owner") && ctx.role !== "owner") {
    throw new AppError("FORBIDDEN", "member.owner_only", "Only an owner can change an owner or make someone an owner.");
  }
  if (current === "owner" && next !== "owner" && (await owners(ctx.db, ctx.workspaceId)).length <= 1) {
    throw new AppError("CONFLICT", "member.last_owner", "A workspace needs an owner: make someone else owner first.");
  }
}

/**
 * A member's new role. Their open record pages and live lists are re-checked at once (the
 * collab-server closes their connections, which come back with the new role's rights).
 */
export async function changeMemberRole(ctx: WorkspaceCtx, userId: string, role: Role) {
  const { role: current } = await memberRole(ctx.db, ctx.workspaceId, userId);
  if (current === role) return { userId, role };
  await checkOwnerRules(ctx, current, role);
  await ctx.db.update(memberships).set({ role }).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)));
  return { userId, role };
}

/**
 * Takes someone out of the workspace: their records stay (with their name on what they did),
 * and every open connection of theirs to this workspace closes within a second.
 */
export async function removeMember(ctx: WorkspaceCtx, userId: string) {
  const { role: current } = await memberRole(ctx.db, ctx.workspaceId, userId);
  await checkOwnerRules(ctx, current, null);
  await ctx.db.delete(memberships).where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)));
  // They no longer hear of this workspace's records.
  await ctx.db.delete(recordFollows).where(and(eq(recordFollows.workspaceId, ctx.workspaceId), eq(recordFollows.userId, userId)));
  await ctx.db.delete(notificationSettings).where(and(eq(notificationSettings.workspaceId, ctx.workspaceId), eq(notificationSettings.userId, userId)));
  return { userId };
}

/**
 * Deactivates a member, or brings them back. Deactivated, no door of the workspace opens for them
 * (pages, API, API keys they made, live updates), their open connections close within a second
 * (the membership trigger announces it), they are no longer offered for assignment or mentions
 * and hear nothing more; their records, tasks and history stay, with their name.
 */
export async function setMemberActive(ctx: WorkspaceCtx, userId: string, activeNow: boolean) {
  const { role, disabledAt } = await memberRole(ctx.db, ctx.workspaceId, userId);
  if (!activeNow && userId === ctx.userId) {
    throw new AppError("INVALID", "member.self_deactivation", "You cannot deactivate yourself: ask another admin.");
  }
  if ((disabledAt === null) === activeNow) return { userId, active: activeNow };
  if (role === "owner" && ctx.role !== "owner") {
    throw new AppError("FORBIDDEN", "member.owner_only", "Only an owner can deactivate or reactivate an owner.");
  }
  if (!activeNow && role === "owner" && (await owners(ctx.db, ctx.workspaceId)).length <= 1) {
    throw new AppError("CONFLICT", "member.last_owner", "A workspace needs an owner: make someone else owner first.");
  }
  await ctx.db
    .update(memberships)
    .set(activeNow ? { disabledAt: null, disabledBy: null } : { disabledAt: sql`now()`, disabledBy: ctx.userId })
    .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, userId)));
  // Deactivated: their sessions end too, on every device.
  if (!activeNow) await endSessions(ctx.db, userId);
  return { userId, active: activeNow };
}

/**
 * An admin ends a member's sessions (a lost laptop, a suspicion): they sign in again everywhere.
 * Only an owner ends an owner's.
 */
export async function endMemberSessions(ctx: WorkspaceCtx, userId: string) {
  const { role } = await memberRole(ctx.db, ctx.workspaceId, userId);
  if (role === "owner" && ctx.role !== "owner") {
    throw new AppError("FORBIDDEN", "member.owner_only", "Only an owner can end an owner's sessions.");
  }
  await endSessions(ctx.db, userId);
  await audit(ctx.db, { workspaceId: ctx.workspaceId, action: "sessions.ended", objectType: "user", objectId: userId });
  return { userId };
}
