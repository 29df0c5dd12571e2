import { createHmac, randomUUID } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/server/db/client";
import { passwordResets, users } from "@/server/db/schema";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { assertGoodPassword } from "@/server/auth/password-policy";
import { sha256Hex } from "@/server/security/digest";
import { LOCK_AFTER, waitFor, type Limits } from "@/server/security/limits";
import { AppError } from "@/shared/errors";
import { audit } from "../audit/audit";
import { deliverAccountEmail, type MailConfig } from "@/server/integrations/mail";
import { addJob } from "../jobs/add-job";
import { endSessions } from "./sessions";

const RESET_MINUTES = 60;

/**
 * "Forgot password": a request is only queued here — the same work and the same answer whether or
 * not an account has the email (nothing tells which do, not even the time taken). Limited per IP
 * address; the worker looks the account up, limits the emails per account and sends the link.
 */
export async function requestPasswordReset(db: Db, limits: Limits | null, input: { email: string; ip: string }) {
  const email = input.email.trim().toLowerCase();
  if (limits) {
    const perIp = await limits.take(limits.resetIp, input.ip);
    if (!perIp.ok) throw new AppError("RATE_LIMITED", "auth.reset_rate_limited", `Too many password resets from your network. Try again in ${waitFor(perIp.retryAfterMs)}.`);
  }
  await addJob(db, "send_password_reset_email", { requestId: randomUUID(), email, ip: input.ip });
}

/** Password reset emails per account per hour. */
export const RESETS_PER_ACCOUNT = 3;

/**
 * The worker's half of a reset request: the account, if any; at most a few links an hour per
 * account; a secret derived from the request, of which only the SHA-256 is kept, sent in the same
 * transaction (a failed send leaves no reset behind). The request id makes a job that runs twice
 * send once.
 */
export async function sendPasswordReset(db: Db, mail: MailConfig, appUrl: string, secret: string, request: { requestId: string; email: string; ip: string | null }) {
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(sql`lower(${users.email}) = ${request.email}`);
  if (!user) return "no_account";
  const [recent] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(passwordResets)
    .where(and(eq(passwordResets.userId, user.id), gt(passwordResets.createdAt, sql`now() - interval '1 hour'`)));
  if ((recent?.n ?? 0) >= RESETS_PER_ACCOUNT) return "limited";
  // The secret is derived from the request (HMAC with the server's secret): a job that dies after
  // the provider took the email and runs again sends the very same link, which the provider's
  // idempotency then delivers once — and that link works.
  const token = createHmac("sha256", secret).update(`password-reset:${request.requestId}`).digest("base64url");
  return db.transaction(async (tx) => {
    const [reset] = await tx
      .insert(passwordResets)
      .values({ id: request.requestId, userId: user.id, tokenHash: sha256Hex(token), expiresAt: sql`now() + make_interval(mins => ${RESET_MINUTES})` })
      .onConflictDoNothing()
      .returning({ id: passwordResets.id, expiresAt: passwordResets.expiresAt });
    if (!reset) return "already";
    await audit(tx, { workspaceId: null, action: "password.reset_requested", objectType: "user", objectId: user.id, actorId: null, ip: request.ip });
    const link = `${appUrl.replace(/\/$/, "")}/reset-password/${token}`;
    return deliverAccountEmail(tx, mail, {
      userId: user.id,
      dedupeKey: `password-reset:${reset.id}`,
      to: user.email,
      subject: "Reset your MyCRM password",
      text: `Hello ${user.name},\n\nSomeone (we hope you) asked to reset the password of your MyCRM account. Choose a new one here:\n\n${link}\n\nThe link works once, until ${reset.expiresAt.toUTCString()}. Resetting signs you out on every device.\n\nIf it was not you, ignore this email: your password stays as it is.`,
      secret: token,
    });
  });
}

/** The reset a link stands for, if it can still be used: the latest asked for, unused, unexpired. */
async function usableReset(db: DbOrTx, token: string) {
  const [reset] = await db
    .select({ id: passwordResets.id, userId: passwordResets.userId, email: users.email })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(
      and(
        eq(passwordResets.tokenHash, sha256Hex(token)),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, sql`now()`),
        // A newer link makes this one useless (the email people act on is the last one).
        sql`not exists (select 1 from password_resets newer where newer.user_id = ${passwordResets.userId} and newer.created_at > ${passwordResets.createdAt})`,
      ),
    );
  return reset ?? null;
}

/** What the reset page shows before the new password is typed. */
export async function passwordResetStatus(db: DbOrTx, token: string) {
  const reset = await usableReset(db, token);
  return reset ? { valid: true as const, email: reset.email } : { valid: false as const, email: null };
}

/**
 * Sets the new password through a reset link, once. Every session of the person ends (whoever
 * had their password is signed out) and the account's failed sign-ins are forgotten.
 */
export async function resetPassword(db: Db, limits: Limits | null, input: { token: string; password: string; ip: string | null }) {
  const reset = await usableReset(db, input.token);
  if (!reset) throw new AppError("INVALID", "auth.reset_invalid", "This reset link has expired or was already used. Ask for a new one.");
  assertGoodPassword(input.password, { email: reset.email });
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const [spent] = await tx
      .update(passwordResets)
      .set({ usedAt: sql`now()` })
      .where(and(eq(passwordResets.id, reset.id), isNull(passwordResets.usedAt)))
      .returning({ id: passwordResets.id });
    if (!spent) throw new AppError("INVALID", "auth.reset_invalid", "This reset link has expired or was already used. Ask for a new one.");
    // The link reached them by email: the address is proven theirs.
    await tx.update(users).set({ passwordHash, emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())`, updatedAt: sql`now()` }).where(eq(users.id, reset.userId));
    await endSessions(tx, reset.userId);
    await audit(tx, { workspaceId: null, action: "password.reset", objectType: "user", objectId: reset.userId, actorId: reset.userId, ip: input.ip });
  });
  if (limits) await Promise.all([limits.failures.delete(reset.email.toLowerCase()), limits.pause.delete(reset.email.toLowerCase())]);
  return { email: reset.email };
}

/**
 * Changing one's password while signed in: the current password first (a wrong one counts as a
 * failed sign-in of the account, so this is no side door for guessing), then the new one is
 * checked like any other. Every session ends, this one too: the person signs in again with it.
 */
export async function changePassword(db: Db, limits: Limits | null, input: { userId: string; current: string; next: string; ip: string | null }) {
  const [user] = await db.select({ email: users.email, passwordHash: users.passwordHash }).from(users).where(eq(users.id, input.userId));
  if (!user) throw new AppError("UNAUTHORIZED", "auth.user_gone", "Your account no longer exists. Sign in again.");
  if (!user.passwordHash) {
    throw new AppError("INVALID", "auth.no_password", "You sign in through single sign-on and have no password here. To set one, use “Forgot your password?” on the sign-in page.");
  }
  const account = user.email.toLowerCase();
  const locked = limits ? await limits.failures.get(account) : null;
  if (locked && locked.consumedPoints > LOCK_AFTER) {
    throw new AppError("RATE_LIMITED", "signin.locked", `This account is locked after too many failed attempts. Try again in ${waitFor(locked.msBeforeNext)}.`);
  }
  if (!(await verifyPassword(user.passwordHash, input.current))) {
    if (limits) await limits.take(limits.failures, account);
    await audit(db, { workspaceId: null, action: "password.change_refused", objectType: "user", objectId: input.userId, actorId: input.userId, ip: input.ip });
    throw new AppError("INVALID", "auth.wrong_password", "Your current password is not right.");
  }
  assertGoodPassword(input.next, { email: user.email });
  const passwordHash = await hashPassword(input.next);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, input.userId));
    await endSessions(tx, input.userId);
    await audit(tx, { workspaceId: null, action: "password.changed", objectType: "user", objectId: input.userId, actorId: input.userId, ip: input.ip });
  });
  return { changed: true as const };
}
