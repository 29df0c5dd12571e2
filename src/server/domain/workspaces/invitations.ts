import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/server/security/digest";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { invitations, memberships, users } from "@/server/db/schema";
import { hashPassword } from "@/server/auth/password";
import { assertGoodPassword } from "@/server/auth/password-policy";
import { AppError } from "@/shared/errors";
import type { Role } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { addJob } from "../jobs/add-job";

export const INVITATION_DAYS = 7;
const hashToken = sha256Hex;

/**
 * Invites someone by email with a role: the link (with a secret token; only its SHA-256 is kept)
 * goes out by email through a job, and is also returned once, to hand over by other means. Only
 * an owner invites an owner.
 */
export async function inviteMember(ctx: WorkspaceCtx, input: { email: string; role: Role }) {
  if (input.role === "owner" && ctx.role !== "owner") throw new AppError("FORBIDDEN", "member.owner_only", "Only an owner can invite an owner.");
  const email = input.email.trim().toLowerCase();
  const [already] = await ctx.db
    .select({ userId: memberships.userId })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, ctx.workspaceId), sql`lower(${users.email}) = ${email}`, isNull(memberships.disabledAt)))
    .limit(1);
  if (already) throw new AppError("CONFLICT", "invitation.already_member", "This person is already a member of the workspace.");
  // A new invitation replaces a pending one for the same email.
  await ctx.db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.email, email), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)));
  const token = randomBytes(24).toString("base64url");
  const [invitation] = await ctx.db
    .insert(invitations)
    .values({
      workspaceId: ctx.workspaceId,
      email,
      role: input.role,
      tokenHash: hashToken(token),
      invitedBy: ctx.userId,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 3600_000),
    })
    .returning();
  await addJob(ctx.db, "send_invitation_email", { workspaceId: ctx.workspaceId, invitationId: invitation!.id, token });
  return { id: invitation!.id, email, role: input.role, expiresAt: invitation!.expiresAt, token };
}

/** Invitations not yet accepted, revoked or expired. */
export async function pendingInvitations(ctx: WorkspaceCtx) {
  return ctx.db
    .select({ id: invitations.id, email: invitations.email, role: invitations.role, createdAt: invitations.createdAt, expiresAt: invitations.expiresAt, invitedByName: users.name })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.workspaceId, ctx.workspaceId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, sql`now()`)))
    .orderBy(desc(invitations.createdAt));
}

export async function revokeInvitation(ctx: WorkspaceCtx, id: string) {
  const [done] = await ctx.db
    .update(invitations)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(invitations.workspaceId, ctx.workspaceId), eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning({ id: invitations.id });
  if (!done) throw new AppError("NOT_FOUND", "invitation.not_found", "That invitation does not exist or was already used or withdrawn.");
  return done;
}

/** What the invitation page shows, before the invitee belongs to the workspace. */
export async function lookupInvitation(db: DbOrTx, token: string) {
  const rows = await db.execute<{
    workspace_id: string;
    workspace_name: string;
    email: string;
    role: Role;
    inviter_name: string | null;
    expires_at: Date;
    accepted_at: Date | null;
    revoked_at: Date | null;
    has_account: boolean;
  }>(sql`select * from invitation_lookup(${hashToken(token)})`);
  const row = [...rows][0];
  if (!row) return null;
  const state = row.accepted_at ? "used" : row.revoked_at ? "withdrawn" : new Date(row.expires_at) <= new Date() ? "expired" : "open";
  return { workspaceId: row.workspace_id, workspaceName: row.workspace_name, email: row.email, role: row.role, inviterName: row.inviter_name, state, hasAccount: row.has_account } as const;
}

const unusable = () =>
  new AppError("INVALID", "invitation.unusable", "This invitation cannot be used: it has expired, was withdrawn or already used, or is for another email.");

/** The signed-in person joins the workspace the invitation is for (their email must be the invited one). */
export async function acceptInvitation(db: DbOrTx, token: string, userId: string) {
  const rows = await db.execute<{ invitation_accept: string | null }>(sql`select invitation_accept(${hashToken(token)}, ${userId}::uuid)`);
  const workspaceId = [...rows][0]?.invitation_accept ?? null;
  if (!workspaceId) throw unusable();
  // The link reached them at the invited email, which is theirs: it is proven.
  await db.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, userId));
  return { workspaceId };
}

/** Someone without an account accepts: the account is made for the invited email, and joins. All or nothing. */
export async function signUpWithInvitation(db: DbOrTx, input: { token: string; name: string; password: string }) {
  const invitation = await lookupInvitation(db, input.token);
  if (!invitation || invitation.state !== "open") throw unusable();
  if (invitation.hasAccount) throw new AppError("CONFLICT", "auth.email_taken", "An account with this email already exists. Sign in to accept the invitation.");
  assertGoodPassword(input.password, { email: invitation.email });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values({ email: invitation.email, name: input.name, passwordHash }).onConflictDoNothing().returning({ id: users.id });
    if (!user) throw new AppError("CONFLICT", "auth.email_taken", "An account with this email already exists. Sign in to accept the invitation.");
    const { workspaceId } = await acceptInvitation(tx, input.token, user.id);
    return { userId: user.id, email: invitation.email, workspaceId };
  });
}
