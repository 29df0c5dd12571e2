import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { memberships, teamMembers, teams, users } from "@/server/db/schema";
import { AppError, notFound } from "@/shared/errors";
import type { WorkspaceCtx } from "../context";

/** The workspace's teams with their members. */
export async function listTeams(ctx: WorkspaceCtx) {
  const [rows, members] = await Promise.all([
    ctx.db.select({ id: teams.id, name: teams.name }).from(teams).where(eq(teams.workspaceId, ctx.workspaceId)).orderBy(asc(teams.name)),
    ctx.db
      .select({ teamId: teamMembers.teamId, userId: users.id, name: users.name })
      .from(teamMembers)
      .innerJoin(users, eq(users.id, teamMembers.userId))
      .where(eq(teamMembers.workspaceId, ctx.workspaceId))
      .orderBy(asc(users.name)),
  ]);
  return rows.map((t) => ({ ...t, members: members.filter((m) => m.teamId === t.id).map(({ userId, name }) => ({ userId, name })) }));
}

const taken = () => new AppError("CONFLICT", "team.name_taken", "A team with this name already exists.");

export async function createTeam(ctx: WorkspaceCtx, name: string) {
  const [team] = await ctx.db.insert(teams).values({ workspaceId: ctx.workspaceId, name }).onConflictDoNothing().returning({ id: teams.id, name: teams.name });
  if (!team) throw taken();
  return team;
}

export async function renameTeam(ctx: WorkspaceCtx, id: string, name: string) {
  const clash = await ctx.db
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.workspaceId, ctx.workspaceId), sql`lower(${teams.name}) = lower(${name})`, sql`${teams.id} <> ${id}`));
  if (clash.length) throw taken();
  const [team] = await ctx.db.update(teams).set({ name }).where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, id))).returning({ id: teams.id, name: teams.name });
  if (!team) throw notFound("team");
  return team;
}

/** Records private to the team stay visible to their owners and the admins. */
export async function deleteTeam(ctx: WorkspaceCtx, id: string) {
  const [team] = await ctx.db.delete(teams).where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, id))).returning({ id: teams.id });
  if (!team) throw notFound("team");
  return team;
}

export async function setTeamMember(ctx: WorkspaceCtx, input: { teamId: string; userId: string; member: boolean }) {
  const [team] = await ctx.db.select({ id: teams.id }).from(teams).where(and(eq(teams.workspaceId, ctx.workspaceId), eq(teams.id, input.teamId)));
  if (!team) throw notFound("team");
  if (input.member) {
    const [m] = await ctx.db
      .select({ userId: memberships.userId })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, ctx.workspaceId), eq(memberships.userId, input.userId), isNull(memberships.disabledAt)));
    if (!m) throw new AppError("INVALID", "team.not_member", "Only active members of the workspace can be in its teams.");
    await ctx.db.insert(teamMembers).values({ workspaceId: ctx.workspaceId, teamId: input.teamId, userId: input.userId }).onConflictDoNothing();
  } else {
    await ctx.db
      .delete(teamMembers)
      .where(and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.teamId, input.teamId), eq(teamMembers.userId, input.userId)));
  }
  return { teamId: input.teamId, userId: input.userId, member: input.member };
}

export async function isInTeam(ctx: WorkspaceCtx, teamId: string) {
  const [m] = await ctx.db
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.workspaceId, ctx.workspaceId), eq(teamMembers.teamId, teamId), eq(teamMembers.userId, ctx.userId)));
  return Boolean(m);
}
