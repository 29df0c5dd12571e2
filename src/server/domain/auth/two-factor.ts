import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/server/security/digest";
import { and, count, eq, isNull } from "drizzle-orm";
import { generateSecret, generateURI, verify } from "otplib";
import QRCode from "qrcode";
import type { DbOrTx } from "@/server/db/client";
import { recoveryCodes, users } from "@/server/db/schema";
import { open, seal } from "@/server/security/secret-box";
import { AppError } from "@/shared/errors";

/**
 * Two-factor sign-in with an authenticator app (TOTP, RFC 6238: 6 digits, 30-second steps, one
 * step of clock drift either way), through otplib. The secret is sealed at rest; a code is never
 * accepted twice (the last accepted time step is kept); ten one-time recovery codes stand in for a
 * lost phone, stored as SHA-256 (they are random, 50 bits each).
 */
const PURPOSE = "totp";
const ISSUER = "MyCRM";
const RECOVERY_CODES = 10;

const hash = (code: string) => sha256Hex(code.replace(/[\s-]/g, "").toLowerCase());

function newRecoveryCode(): string {
  const raw = randomBytes(8).toString("hex").slice(0, 10); // 40 bits of hex, shown as xxxxx-xxxxx
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

async function userRow(db: DbOrTx, userId: string) {
  const [u] = await db
    .select({ email: users.email, secret: users.totpSecret, pending: users.totpPending, enabledAt: users.totpEnabledAt, lastStep: users.totpLastStep })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  if (!u) throw new AppError("NOT_FOUND", "user.not_found", "Your account no longer exists.");
  return u;
}

export async function twoFactorStatus(db: DbOrTx, userId: string) {
  const u = await userRow(db, userId);
  const [left] = await db.select({ n: count() }).from(recoveryCodes).where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
  return { enabled: u.enabledAt !== null, enabledAt: u.enabledAt, recoveryCodesLeft: u.enabledAt ? (left?.n ?? 0) : 0 };
}

/** A new secret to scan: kept aside until a first code from it confirms it. */
export async function startTwoFactor(db: DbOrTx, serverSecret: string, userId: string) {
  const u = await userRow(db, userId);
  if (u.enabledAt) throw new AppError("CONFLICT", "two_factor.already_on", "Two-factor sign-in is already on. Turn it off first to set up a new phone.");
  const secret = generateSecret();
  await db.update(users).set({ totpPending: seal(serverSecret, PURPOSE, secret) }).where(eq(users.id, userId));
  const uri = generateURI({ issuer: ISSUER, label: u.email, secret });
  return { secret, uri, qr: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
}

/** Checks a 6-digit code against a secret, never accepting one at or before the last accepted step. */
async function codeMatches(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  const token = code.replace(/\s/g, "");
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({ secret, token, epochTolerance: 30, ...(lastStep !== null ? { afterTimeStep: lastStep } : {}) }).catch(() => null);
  return result?.valid ? (result as { timeStep: number }).timeStep : null;
}

/** The first code from the new secret turns two-factor sign-in on; the recovery codes are shown once. */
export async function confirmTwoFactor(db: DbOrTx, serverSecret: string, userId: string, code: string) {
  const u = await userRow(db, userId);
  const secret = u.pending ? open(serverSecret, PURPOSE, u.pending) : null;
  if (!secret) throw new AppError("INVALID", "two_factor.not_started", "Start the set-up again: scan a new code.");
  const step = await codeMatches(secret, code, null);
  if (step === null) throw new AppError("INVALID", "two_factor.wrong_code", "That code is not right. Check the time on your phone and try the next one.");
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db
    .update(users)
    .set({ totpSecret: u.pending, totpPending: null, totpEnabledAt: new Date(), totpLastStep: step })
    .where(eq(users.id, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hash(c) })));
  return { recoveryCodes: codes };
}

/**
 * A second factor for a user who has one: a current code (each accepted once) or an unused
 * recovery code (then used up). True when it is right, or when the user has no second factor.
 */
export async function checkSecondFactor(db: DbOrTx, serverSecret: string, userId: string, code: string | undefined): Promise<boolean> {
  const u = await userRow(db, userId);
  if (!u.enabledAt || !u.secret) return true;
  if (!code) return false;
  const secret = open(serverSecret, PURPOSE, u.secret);
  if (!secret) return false;
  const step = await codeMatches(secret, code, u.lastStep);
  if (step !== null) {
    await db.update(users).set({ totpLastStep: step }).where(eq(users.id, userId));
    return true;
  }
  const used = await db
    .update(recoveryCodes)
    .set({ usedAt: new Date() })
    .where(and(eq(recoveryCodes.userId, userId), eq(recoveryCodes.codeHash, hash(code)), isNull(recoveryCodes.usedAt)))
    .returning({ codeHash: recoveryCodes.codeHash });
  return used.length > 0;
}

export async function hasSecondFactor(db: DbOrTx, userId: string) {
  return (await userRow(db, userId)).enabledAt !== null;
}

/** Turning it off, or new recovery codes, takes a current code (or a recovery code). */
async function requireCode(db: DbOrTx, serverSecret: string, userId: string, code: string) {
  if (!(await checkSecondFactor(db, serverSecret, userId, code))) {
    throw new AppError("INVALID", "two_factor.wrong_code", "That code is not right.");
  }
}

export async function disableTwoFactor(db: DbOrTx, serverSecret: string, userId: string, code: string) {
  if (!(await hasSecondFactor(db, userId))) return { enabled: false };
  await requireCode(db, serverSecret, userId, code);
  await db.update(users).set({ totpSecret: null, totpPending: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, userId));
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  return { enabled: false };
}

export async function newRecoveryCodes(db: DbOrTx, serverSecret: string, userId: string, code: string) {
  if (!(await hasSecondFactor(db, userId))) throw new AppError("INVALID", "two_factor.off", "Two-factor sign-in is off.");
  await requireCode(db, serverSecret, userId, code);
  const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
  await db.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  await db.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: hash(c) })));
  return { recoveryCodes: codes };
}
