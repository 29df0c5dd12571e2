import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { invitations, outboxEmails } from "@/server/db/schema";
import { inWorkspace } from "@/server/db/client";
import { sendInvitationEmail } from "../jobs/tasks/workspaces/send-invitation";
import { addMember, appDatabase, callerAs, newWorkspace, testDatabase, uniqueEmail } from "./helpers";

describe("invitations", () => {
  it("invite by email: the link goes out, the invitee makes an account for that email and joins with the role, once", async () => {
    const { owner, workspaceId } = await newWorkspace("Invited Co");
    const api = callerAs(owner, workspaceId);
    const email = uniqueEmail("guest");
    const invitation = await api.workspace.invite({ email: email.toUpperCase(), role: "manager" });
    expect(invitation).toMatchObject({ email, role: "manager" });
    expect((await api.workspace.invitations()).map((i) => i.email)).toEqual([email]);

    // The email job (no mail key here: the outbox) carries the link.
    await inWorkspace(appDatabase().db, workspaceId, (tx) => sendInvitationEmail(tx, { from: "MyCRM <t@example.test>" }, "http://localhost:3000", { workspaceId, invitationId: invitation.id, token: invitation.token }));
    const [mail] = await testDatabase().db.select().from(outboxEmails).where(and(eq(outboxEmails.workspaceId, workspaceId), eq(outboxEmails.dedupeKey, `invitation:${invitation.id}`)));
    expect(mail).toMatchObject({ to: email, subject: "Owner Person invited you to Invited Co on MyCRM" });
    expect(mail!.text).toContain(`http://localhost:3000/invite/${invitation.token}`);
    // Only the token's hash is stored.
    const [stored] = await testDatabase().db.select({ hash: invitations.tokenHash }).from(invitations).where(eq(invitations.id, invitation.id));
    expect(stored!.hash).not.toContain(invitation.token);

    const anonymous = callerAs(null);
    expect(await anonymous.auth.invitation({ token: invitation.token })).toMatchObject({ workspaceName: "Invited Co", email, role: "manager", state: "open", hasAccount: false, inviterName: "Owner Person" });
    const joined = await anonymous.auth.signUpWithInvitation({ token: invitation.token, name: "Gia Guest", password: "lantern moss harbour" });
    expect(joined).toMatchObject({ email, workspaceId });
    expect((await api.workspace.members()).find((m) => m.userId === joined.userId)).toMatchObject({ role: "manager", name: "Gia Guest" });
    // Used: it cannot be used again, and says so.
    expect((await anonymous.auth.invitation({ token: invitation.token }))!.state).toBe("used");
    await expect(anonymous.auth.signUpWithInvitation({ token: invitation.token, name: "Again", password: "lantern moss harbour" })).rejects.toThrow("This invitation cannot be used");
  });

  it("someone with an account accepts only with their own email; expired and withdrawn invitations cannot be used; only owners invite owners", async () => {
    const { owner, workspaceId } = await newWorkspace("Host");
    const api = callerAs(owner, workspaceId);
    const elsewhere = await newWorkspace("Their own");
    const invitation = await api.workspace.invite({ email: elsewhere.owner.email, role: "member" });
    expect((await callerAs(null).auth.invitation({ token: invitation.token }))!.hasAccount).toBe(true);

    const stranger = await newWorkspace("Stranger");
    await expect(callerAs(stranger.owner).auth.acceptInvitation({ token: invitation.token })).rejects.toThrow("is for another email");
    const joined = await callerAs(elsewhere.owner).auth.acceptInvitation({ token: invitation.token });
    expect(joined.workspaceId).toBe(workspaceId);
    expect(await callerAs(elsewhere.owner, workspaceId).deals.list({})).toEqual([]);
    await expect(api.workspace.invite({ email: elsewhere.owner.email, role: "member" })).rejects.toThrow("already a member");

    const late = await api.workspace.invite({ email: uniqueEmail("late"), role: "member" });
    await testDatabase().db.update(invitations).set({ expiresAt: sql`now() - interval '1 minute'` }).where(eq(invitations.id, late.id));
    expect((await callerAs(null).auth.invitation({ token: late.token }))!.state).toBe("expired");
    await expect(callerAs(null).auth.signUpWithInvitation({ token: late.token, name: "Late", password: "lantern moss harbour" })).rejects.toThrow("cannot be used");

    const withdrawn = await api.workspace.invite({ email: uniqueEmail("withdrawn"), role: "member" });
    await api.workspace.revokeInvitation({ id: withdrawn.id });
    expect((await callerAs(null).auth.invitation({ token: withdrawn.token }))!.state).toBe("withdrawn");
    expect((await api.workspace.invitations()).map((i) => i.id)).not.toContain(withdrawn.id);

    const admin = await addMember(workspaceId, "admin", "Ada Admin");
    await expect(callerAs(admin, workspaceId).workspace.invite({ email: uniqueEmail("boss"), role: "owner" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await callerAs(null).auth.invitation({ token: "x".repeat(32) })).toBeNull();
  });
});
