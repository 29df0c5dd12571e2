import { z } from "zod";
import { changeMemberRole, endMemberSessions, listMembers, listMemberships, removeMember, setMemberActive } from "@/server/domain/workspaces/memberships";
import { roles } from "@/shared/permissions";
import { setWorkspaceSecurity, workspaceSecurity } from "@/server/domain/workspaces/security";
import { inviteMember, pendingInvitations, revokeInvitation } from "@/server/domain/workspaces/invitations";
import { permitted, workspaceProcedure, router, rest } from "../trpc";

export const workspaceRouter = router({
  current: workspaceProcedure
    .meta(rest("GET", "/workspace", "The workspace and your role in it", "workspace"))
    .output(z.object({ id: z.uuid(), name: z.string(), role: z.enum(roles), privateRecords: z.boolean() }))
    .query(({ ctx }) => ({ id: ctx.ws.workspaceId, name: ctx.workspaceName, role: ctx.ws.role, privateRecords: ctx.privateRecords })),

  security: permitted("workspace.read")
    .meta(rest("GET", "/workspace/security", "The workspace's security settings", "workspace"))
    .output(z.object({ requireTwoFactor: z.boolean(), privateRecords: z.boolean() }))
    .query(({ ctx }) => workspaceSecurity(ctx.ws)),

  setSecurity: permitted("workspace.update")
    .meta(rest("PUT", "/workspace/security", "Change the workspace's security settings (require two-factor sign-in, allow private records)", "workspace"))
    .input(z.object({ requireTwoFactor: z.boolean().optional(), privateRecords: z.boolean().optional() }))
    .output(z.object({ requireTwoFactor: z.boolean(), privateRecords: z.boolean() }))
    .mutation(({ ctx, input }) => setWorkspaceSecurity(ctx.ws, input)),

  members: permitted("workspace.read")
    .meta(rest("GET", "/workspace/members", "Members of the workspace", "workspace"))
    .output(z.array(z.object({ userId: z.uuid(), name: z.string(), email: z.string(), role: z.enum(roles) })))
    .query(({ ctx }) => listMembers(ctx.ws.db, ctx.ws.workspaceId)),

  memberships: permitted("member.manage")
    .meta(rest("GET", "/workspace/memberships", "Everyone in the workspace, deactivated members too, with their status", "workspace"))
    .output(
      z.array(
        z.object({
          userId: z.uuid(),
          name: z.string(),
          email: z.string(),
          role: z.enum(roles),
          joinedAt: z.date(),
          disabledAt: z.date().nullable(),
          disabledByName: z.string().nullable(),
        }),
      ),
    )
    .query(({ ctx }) => listMemberships(ctx.ws.db, ctx.ws.workspaceId)),

  deactivateMember: permitted("member.manage")
    .meta(rest("POST", "/workspace/members/{userId}/deactivate", "Deactivate a member: their access ends and their open connections close; their records stay", "workspace"))
    .input(z.object({ userId: z.uuid() }))
    .output(z.object({ userId: z.uuid(), active: z.boolean() }))
    .mutation(({ ctx, input }) => setMemberActive(ctx.ws, input.userId, false)),

  reactivateMember: permitted("member.manage")
    .meta(rest("POST", "/workspace/members/{userId}/reactivate", "Give a deactivated member their access back", "workspace"))
    .input(z.object({ userId: z.uuid() }))
    .output(z.object({ userId: z.uuid(), active: z.boolean() }))
    .mutation(({ ctx, input }) => setMemberActive(ctx.ws, input.userId, true)),

  invite: permitted("member.manage")
    .meta(rest("POST", "/workspace/invitations", "Invite someone by email with a role (the link is emailed, and returned once)", "workspace"))
    .input(z.object({ email: z.email({ message: "Enter an email address." }).max(254), role: z.enum(roles) }))
    .output(z.object({ id: z.uuid(), email: z.string(), role: z.enum(roles), expiresAt: z.date(), token: z.string() }))
    .mutation(({ ctx, input }) => inviteMember(ctx.ws, input)),

  invitations: permitted("member.manage")
    .meta(rest("GET", "/workspace/invitations", "Invitations waiting to be accepted", "workspace"))
    .output(z.array(z.object({ id: z.uuid(), email: z.string(), role: z.enum(roles), createdAt: z.date(), expiresAt: z.date(), invitedByName: z.string().nullable() })))
    .query(({ ctx }) => pendingInvitations(ctx.ws)),

  revokeInvitation: permitted("member.manage")
    .meta(rest("DELETE", "/workspace/invitations/{id}", "Withdraw an invitation", "workspace"))
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => revokeInvitation(ctx.ws, input.id)),

  endSessions: permitted("member.manage")
    .meta(rest("POST", "/workspace/members/{userId}/end-sessions", "End every session of a member, on every device; they sign in again", "workspace"))
    .input(z.object({ userId: z.uuid() }))
    .output(z.object({ userId: z.uuid() }))
    .mutation(({ ctx, input }) => endMemberSessions(ctx.ws, input.userId)),

  changeRole: permitted("member.manage")
    .meta(rest("POST", "/workspace/members/{userId}/role", "Change a member's role", "workspace"))
    .input(z.object({ userId: z.uuid(), role: z.enum(roles) }))
    .output(z.object({ userId: z.uuid(), role: z.enum(roles) }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.ws, input.userId, input.role)),

  removeMember: permitted("member.manage")
    .meta(rest("DELETE", "/workspace/members/{userId}", "Remove a member from the workspace", "workspace"))
    .input(z.object({ userId: z.uuid() }))
    .output(z.object({ userId: z.uuid() }))
    .mutation(({ ctx, input }) => removeMember(ctx.ws, input.userId)),
});
