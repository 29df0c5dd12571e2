import { z } from "zod";
import { createTeam, deleteTeam, listTeams, renameTeam, setTeamMember } from "@/server/domain/workspaces/teams";
import { permitted, rest, router } from "../trpc";

const name = z.string().trim().min(1, { message: "Give the team a name." }).max(80, { message: "Keep the name under 80 characters." });
const team = z.object({ id: z.uuid(), name: z.string() });

/** Teams: everyone sees them (to share a record with one); admins make them and choose who is in. */
export const teamsRouter = router({
  list: permitted("workspace.read")
    .meta(rest("GET", "/teams", "The workspace's teams and their members", "workspace"))
    .output(z.array(team.extend({ members: z.array(z.object({ userId: z.uuid(), name: z.string() })) })))
    .query(({ ctx }) => listTeams(ctx.ws)),
  create: permitted("member.manage")
    .input(z.object({ name }))
    .output(team)
    .mutation(({ ctx, input }) => createTeam(ctx.ws, input.name)),
  rename: permitted("member.manage")
    .input(z.object({ id: z.uuid(), name }))
    .output(team)
    .mutation(({ ctx, input }) => renameTeam(ctx.ws, input.id, input.name)),
  delete: permitted("member.manage")
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => deleteTeam(ctx.ws, input.id)),
  setMember: permitted("member.manage")
    .input(z.object({ teamId: z.uuid(), userId: z.uuid(), member: z.boolean() }))
    .output(z.object({ teamId: z.uuid(), userId: z.uuid(), member: z.boolean() }))
    .mutation(({ ctx, input }) => setTeamMember(ctx.ws, input)),
});
