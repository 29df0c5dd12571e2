import { z } from "zod";
import { createWorkspace, signUp } from "@/server/domain/auth/sign-up";
import { changePassword, passwordResetStatus, requestPasswordReset, resetPassword } from "@/server/domain/auth/password-reset";
import { asUser, countDeactivated, findUser, listMyWorkspaces } from "@/server/domain/workspaces/memberships";
import { signUpInput } from "@/shared/schemas/auth";
import { roles } from "@/shared/permissions";
import { AppError } from "@/shared/errors";
import { waitFor } from "@/server/security/limits";
import { authedProcedure, publicProcedure, rest, router, sessionProcedure, type Context } from "../trpc";
import { endSessions } from "@/server/domain/auth/sessions";
import { audit } from "@/server/domain/audit/audit";
import { acceptInvitation, lookupInvitation, signUpWithInvitation } from "@/server/domain/workspaces/invitations";
import { confirmTwoFactor, disableTwoFactor, newRecoveryCodes, startTwoFactor, twoFactorStatus } from "@/server/domain/auth/two-factor";

/** A code from the authenticator app (or a recovery code), with the sentence shown when it is missing. */
const codeInput = (missing: string) => z.object({ code: z.string().trim().min(1, { message: missing }).max(20) });

/** An event of the person's own account: into the audit log's account chain, and the log. */
async function accountEvent(ctx: { db: Context["db"]; user: { id: string }; clientIp?: string | null; log: Context["log"] }, action: string) {
  await audit(ctx.db, { workspaceId: null, action, objectType: "user", objectId: ctx.user.id, actorId: ctx.user.id, ip: ctx.clientIp });
  ctx.log.info({ userId: ctx.user.id, action }, "account event");
}

const resetToken = z.object({ token: z.string().min(20).max(100) });

/** Making an account or a workspace, by any door: limited per IP address. */
async function limitSignUps(ctx: Context) {
  if (!ctx.limits) return;
  const verdict = await ctx.limits.take(ctx.limits.signUpIp, ctx.clientIp ?? "unknown");
  if (!verdict.ok) throw new AppError("RATE_LIMITED", "auth.sign_up_rate_limited", `Too many sign-ups from your network. Try again in ${waitFor(verdict.retryAfterMs)}.`);
}
const signUpProcedure = publicProcedure.use(async ({ ctx, next }) => {
  await limitSignUps(ctx);
  return next();
});

export const authRouter = router({
  signUp: signUpProcedure
    .input(signUpInput)
    .output(z.object({ userId: z.uuid(), workspaceId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      const { user, workspace } = await signUp(ctx.db, input);
      ctx.log.info({ userId: user.id, workspaceId: workspace.id }, "signed up");
      return { userId: user.id, workspaceId: workspace.id };
    }),

  /** A signed-in person with no workspace yet (they came by single sign-on) starts one. */
  createWorkspace: sessionProcedure
    .input(z.object({ name: signUpInput.shape.workspaceName }))
    .output(z.object({ workspaceId: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      await limitSignUps(ctx);
      const workspace = await createWorkspace(ctx.db, ctx.user.id, input.name);
      ctx.log.info({ userId: ctx.user.id, workspaceId: workspace.id }, "workspace created");
      return { workspaceId: workspace.id };
    }),

  /** "Forgot password": a reset link by email if the account exists (the answer never says). */
  requestPasswordReset: publicProcedure
    .input(z.object({ email: z.email({ message: "Enter your email address." }).max(320) }))
    .output(z.object({ sent: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await requestPasswordReset(ctx.db, ctx.limits ?? null, { email: input.email, ip: ctx.clientIp ?? "unknown" });
      return { sent: true as const };
    }),

  /** Whether a reset link can still be used, and for which email. */
  passwordReset: publicProcedure
    .input(resetToken)
    .output(z.object({ valid: z.boolean(), email: z.string().nullable() }))
    .query(({ ctx, input }) => passwordResetStatus(ctx.db, input.token)),

  /** A new password through a reset link: every session of the person ends. */
  resetPassword: publicProcedure
    .input(resetToken.extend({ password: signUpInput.shape.password }))
    .output(z.object({ email: z.string() }))
    .mutation(({ ctx, input }) => resetPassword(ctx.db, ctx.limits ?? null, { ...input, ip: ctx.clientIp ?? null })),

  /** An invitation as its link shows it (no sign-in needed: the token is the secret). */
  invitation: publicProcedure
    .input(z.object({ token: z.string().min(20).max(100) }))
    .output(
      z
        .object({
          workspaceName: z.string(),
          email: z.string(),
          role: z.enum(roles),
          inviterName: z.string().nullable(),
          state: z.enum(["open", "used", "withdrawn", "expired"]),
          hasAccount: z.boolean(),
        })
        .nullable(),
    )
    .query(async ({ ctx, input }) => {
      const found = await lookupInvitation(ctx.db, input.token);
      return found ? { workspaceName: found.workspaceName, email: found.email, role: found.role, inviterName: found.inviterName, state: found.state, hasAccount: found.hasAccount } : null;
    }),

  /** The signed-in person accepts an invitation made to their email. */
  acceptInvitation: sessionProcedure
    .input(z.object({ token: z.string().min(20).max(100) }))
    .output(z.object({ workspaceId: z.uuid() }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, input.token, ctx.user.id)),

  /** Someone without an account accepts an invitation: the account is made for the invited email. */
  signUpWithInvitation: signUpProcedure
    .input(z.object({ token: z.string().min(20).max(100), name: signUpInput.shape.name, password: signUpInput.shape.password }))
    .output(z.object({ userId: z.uuid(), email: z.string(), workspaceId: z.uuid() }))
    .mutation(({ ctx, input }) => signUpWithInvitation(ctx.db, input)),

  /** A new password, given the current one; every session ends (this one too). */
  changePassword: sessionProcedure
    .input(z.object({ current: z.string().min(1, { message: "Enter your current password." }).max(200), next: signUpInput.shape.password }))
    .output(z.object({ changed: z.literal(true) }))
    .mutation(({ ctx, input }) => changePassword(ctx.db, ctx.limits ?? null, { userId: ctx.user.id, current: input.current, next: input.next, ip: ctx.clientIp ?? null })),

  /** Ends every session of the caller, this one included, on every device. */
  signOutEverywhere: sessionProcedure.output(z.object({ ended: z.boolean() })).mutation(async ({ ctx }) => {
    await endSessions(ctx.db, ctx.user.id);
    await accountEvent(ctx, "sessions.ended");
    return { ended: true };
  }),

  /** Two-factor sign-in with an authenticator app: the signed-in person's own. */
  twoFactor: router({
    status: sessionProcedure
      .output(z.object({ enabled: z.boolean(), enabledAt: z.date().nullable(), recoveryCodesLeft: z.number().int() }))
      .query(({ ctx }) => twoFactorStatus(ctx.db, ctx.user.id)),
    start: sessionProcedure
      .output(z.object({ secret: z.string(), uri: z.string(), qr: z.string() }))
      .mutation(({ ctx }) => startTwoFactor(ctx.db, ctx.authSecret, ctx.user.id)),
    confirm: sessionProcedure
      .input(codeInput("Enter the 6-digit code."))
      .output(z.object({ recoveryCodes: z.array(z.string()) }))
      .mutation(async ({ ctx, input }) => {
        const result = await confirmTwoFactor(ctx.db, ctx.authSecret, ctx.user.id, input.code);
        await accountEvent(ctx, "two_factor.enabled");
        return result;
      }),
    disable: sessionProcedure
      .input(codeInput("Enter a code to confirm."))
      .output(z.object({ enabled: z.boolean() }))
      .mutation(async ({ ctx, input }) => {
        const result = await disableTwoFactor(ctx.db, ctx.authSecret, ctx.user.id, input.code);
        await accountEvent(ctx, "two_factor.disabled");
        return result;
      }),
    recoveryCodes: sessionProcedure
      .input(codeInput("Enter a code to confirm."))
      .output(z.object({ recoveryCodes: z.array(z.string()) }))
      .mutation(({ ctx, input }) => newRecoveryCodes(ctx.db, ctx.authSecret, ctx.user.id, input.code)),
  }),

  me: authedProcedure
    .meta(rest("GET", "/me", "Who is calling: the user (or the API key's creator) and their workspaces", "workspace"))
    .output(
      z.object({
        user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
        workspaces: z.array(z.object({ id: z.uuid(), name: z.string(), role: z.enum(roles) })),
        /** Memberships an admin has deactivated (the person still sees they had access). */
        deactivatedMemberships: z.number().int(),
      }),
    )
    .query(async ({ ctx }) => {
      const user = await findUser(ctx.db, ctx.user.id);
      if (!user) throw new AppError("UNAUTHORIZED", "auth.user_gone", "Your account no longer exists. Sign in again.");
      const [workspaces, deactivatedMemberships] = await asUser(ctx.db, ctx.user.id, (tx) => Promise.all([listMyWorkspaces(tx, ctx.user.id), countDeactivated(tx, ctx.user.id)]));
      return { user, workspaces, deactivatedMemberships };
    }),
});
