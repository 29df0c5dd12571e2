import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/server/db/client";
import { passwordResets, users } from "@/server/db/schema";
import { hashPassword, verifyPassword } from "@/server/auth/password";
import { assertGoodPassword } from "@/server/auth/password-policy";
import { sha256Hex } from "@/server/security/digest";
import { LOCK_AFTER, waitFor, type Limits } from "@/server/security/limits";
import { AppError } from "@/shared/errors";
import { audit } from "../audit/audit";
import { addJob } from "../jobs/add-job";
import { endSessions } from "./sessions";

const RESET_MINUTES = 60;

/**
 * "Forgot password": emails a link to reset it, if an account has that email. The answer is the
 * same whether or not one does (nothing tells which emails have accounts); per IP address the
 * requests are limited, per account the emails (a few an hour, however many are asked for).
 */
export async function requestPasswordReset(db: Db, limits: Limits | null, input: { email: string; ip: string }) {
  const email = input.email.trim().toLowerCase();
  if (limits) {
    const perIp = await limits.take(limits.resetIp, input.ip);
    if (!perIp.ok) throw new AppError("RATE_LIMITED", "auth.reset_rate_limited", `Too many password resets from your network. Try again in ${waitFor(perIp.retryAfterMs)}.`);
  }
  const [user] = await db.select({ id: users.id }).from(users).where(sql`lower(${users.email}) = ${email}`);
  if (!user) return;
  if (limits && !(await limits.take(limits.resetAccount, user.id)).ok) return;
  const token = randomBytes(32).toString("base64url");
  await db.transaction(async (tx) => {
    const [reset] = await tx
      .insert(passwordResets)
      .values({ userId: user.id, tokenHash: sha256Hex(token), expiresAt: sql`now() + make_interval(mins => ${RESET_MINUTES})` })
      .returning({ id: passwordResets.id });
    await addJob(tx, "send_password_reset_email", { resetId: reset!.id, token });
    await audit(tx, { workspaceId: null, action: "password.reset_requested", objectType: "user", objectId: user.id, actorId: null, ip: input.ip });
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
    await tx.update(users).set({ passwordHash, updatedAt: sql`now()` }).where(eq(users.id, reset.userId));
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
