import type { DbOrTx } from "@/server/db/client";
import { FREE_FAILURES, LOCK_AFTER, waitFor, type Limits } from "@/server/security/limits";
import { TOTP_REQUIRED } from "@/shared/two-factor";
import { checkSecondFactor, hasSecondFactor } from "./two-factor";
import { verifyCredentials } from "./verify-credentials";
import { audit } from "../audit/audit";

/** A sign-in turned away before the password was even checked, with the sentence to show. */
export class SignInRefused extends Error {
  constructor(
    message: string,
    readonly code: "signin.rate_limited" | "signin.locked" | "signin.slow_down" | "signin.totp_required" | "signin.totp_wrong",
  ) {
    super(message);
  }
}

/**
 * Checks a sign-in with the brute-force protections in front of the password check:
 *
 * - per IP address, a rate limit (many people behind one office NAT share it, so it is generous);
 * - per account (whatever email was typed, so the answers tell nothing about which accounts
 *   exist): after 3 consecutive failures each attempt must wait 1, 2, 4… seconds after the last,
 *   and 10 consecutive failures within an hour lock it for 15 minutes — the right password too.
 *
 * With two-factor sign-in on, the right password asks for a code (a wrong code counts as a failed
 * attempt like a wrong password). A successful sign-in clears the account's count. Returns the
 * user, or null for a wrong email or password; throws SignInRefused when the attempt was not
 * allowed or needs the code.
 */
export async function signIn(
  db: DbOrTx,
  limits: Limits,
  attempt: { email: string; password: string; ip: string; code?: string },
  serverSecret: string,
) {
  // Every attempt goes to the audit log's account chain: who (when known), from where, how it ended.
  const email = attempt.email.trim().toLowerCase();
  const record = (action: string, userId: string | null) =>
    audit(db, { workspaceId: null, action, objectType: "user", objectId: userId, actorId: userId, ip: attempt.ip, after: { email } });
  try {
    const user = await checkSignIn(db, limits, attempt, serverSecret);
    await record(user ? "signin.succeeded" : "signin.failed", user?.id ?? null);
    return user;
  } catch (error) {
    if (error instanceof SignInRefused && error.code !== "signin.totp_required") await record(error.code, null);
    throw error;
  }
}

async function checkSignIn(
  db: DbOrTx,
  limits: Limits,
  attempt: { email: string; password: string; ip: string; code?: string },
  serverSecret: string,
) {
  const account = attempt.email.trim().toLowerCase();
  const perIp = await limits.take(limits.signInIp, attempt.ip);
  if (!perIp.ok) {
    throw new SignInRefused(`Too many sign-in attempts from your network. Try again in ${waitFor(perIp.retryAfterMs)}.`, "signin.rate_limited");
  }
  const failures = await limits.failures.get(account);
  if (failures && failures.consumedPoints > LOCK_AFTER) {
    throw new SignInRefused(`This account is locked after too many failed sign-ins. Try again in ${waitFor(failures.msBeforeNext)}.`, "signin.locked");
  }
  const pause = await limits.pause.get(account);
  if (pause && pause.consumedPoints > 1) {
    throw new SignInRefused(`Several sign-ins to this account failed. Wait ${waitFor(pause.msBeforeNext)} before trying again.`, "signin.slow_down");
  }

  const user = await verifyCredentials(db, account, attempt.password);
  if (user && !attempt.code && (await hasSecondFactor(db, user.id))) throw new SignInRefused(TOTP_REQUIRED, "signin.totp_required");
  const secondFactor = user ? await checkSecondFactor(db, serverSecret, user.id, attempt.code) : false;
  if (user && secondFactor) {
    await Promise.all([limits.failures.delete(account), limits.pause.delete(account)]);
    return user;
  }
  const failed = await limits.take(limits.failures, account);
  const count = failed.ok ? LOCK_AFTER - failed.remaining : LOCK_AFTER + 1;
  if (count >= LOCK_AFTER) {
    // The tenth failure locks now (the counter blocks itself for the lock's length at the next).
    await limits.failures.block(account, 15 * 60);
    throw new SignInRefused("That email and password do not match an account. Too many failed attempts: the account is locked for 15 minutes.", "signin.locked");
  }
  if (count >= FREE_FAILURES) await limits.pause.block(account, limits.pauseBase * 2 ** (count - FREE_FAILURES));
  if (user) throw new SignInRefused("That code is not right. Use the current one from your authenticator app, or a recovery code.", "signin.totp_wrong");
  return null;
}
