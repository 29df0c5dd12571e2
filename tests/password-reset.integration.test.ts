import { randomUUID } from "node:crypto";
import { desc, eq, sql } from "drizzle-orm";
import { afterAll, describe, expect, inject, it } from "vitest";
import { accountEmails, auditLog, passwordResets, users } from "@/server/db/schema";
import { signIn } from "@/server/domain/auth/sign-in";
import { changePassword, passwordResetStatus, requestPasswordReset, resetPassword, RESETS_PER_ACCOUNT } from "@/server/domain/auth/password-reset";
import { Limits, limitsConnection } from "@/server/security/limits";
import { sha256Hex } from "@/server/security/digest";
import { sendPasswordResetEmail } from "../jobs/tasks/accounts/send-password-reset";
import { appDatabase, callerAs, newWorkspace, TEST_SECRET, testDatabase } from "./helpers";

const limits = new Limits({ sql: limitsConnection(inject("appDatabaseUrl"), 2) }, { signInPerIp: 1000, signUpPerIp: 5, apiPerKey: 1000 }, { pauseBaseSeconds: 0.01 });
afterAll(() => limits.close());

const mail = { from: "MyCRM <t@example.test>" };

/** The reset requests queued for an email, oldest first (the worker would run them). */
async function queued(email: string) {
  const rows = await testDatabase().db.execute<{ payload: { requestId: string; email: string; ip: string } }>(
    sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
         where t.identifier = 'send_password_reset_email' and j.payload->>'email' = ${email.toLowerCase()} order by j.id`,
  );
  return [...rows].map((r) => r.payload);
}

/** Runs the queued requests as the worker does; the link of the last email sent to them. */
async function runQueued(email: string) {
  const outcomes: string[] = [];
  for (const p of await queued(email)) outcomes.push(await sendPasswordResetEmail(appDatabase().db, mail, "http://localhost:3000", TEST_SECRET, p));
  const [last] = await testDatabase().db.select().from(accountEmails).where(eq(accountEmails.to, email)).orderBy(desc(accountEmails.createdAt)).limit(1);
  const token = last?.text.match(/reset-password\/(\S+)/)?.[1] ?? null;
  return { outcomes, token, text: last?.text ?? null };
}

describe("password reset", () => {
  it("a link by email, once, for an hour: the new password works, the old one and every session end", async () => {
    const { owner, workspaceId } = await newWorkspace("Forgetful Co");
    const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
    await requestPasswordReset(appDatabase().db, limits, { email: owner.email.toUpperCase(), ip });
    const [job] = await queued(owner.email);
    // The request carries no secret: the worker makes it.
    expect(Object.keys(job!).sort()).toEqual(["email", "ip", "requestId"]);
    expect(await sendPasswordResetEmail(appDatabase().db, mail, "http://localhost:3000", TEST_SECRET, job)).toBe("outbox");
    // A job that runs twice sends once.
    expect(await sendPasswordResetEmail(appDatabase().db, mail, "http://localhost:3000", TEST_SECRET, job)).toBe("already");
    const [email] = await testDatabase().db.select().from(accountEmails).where(eq(accountEmails.userId, owner.id));
    expect(email).toMatchObject({ to: owner.email, subject: "Reset your MyCRM password" });
    const token = email!.text.match(/http:\/\/localhost:3000\/reset-password\/(\S+)/)![1]!;
    // Only the secret's hash is stored.
    const [stored] = await testDatabase().db.select().from(passwordResets).where(eq(passwordResets.id, job!.requestId));
    expect(stored!.tokenHash).toBe(sha256Hex(token));
    expect(stored!.expiresAt.getTime() - stored!.createdAt.getTime()).toBe(3_600_000);
    const job2 = { token };
    const anonymous = callerAs(null);
    expect(await anonymous.auth.passwordReset({ token: job2.token })).toEqual({ valid: true, email: owner.email });
    // A weak password is refused with a sentence, and the link still works afterwards.
    await expect(anonymous.auth.resetPassword({ token: job2.token, password: "password123" })).rejects.toThrow(/common/);
    const before = Date.now();
    await expect(resetPassword(appDatabase().db, limits, { token: job2.token, password: "tidal orchard lantern", ip })).resolves.toEqual({ email: owner.email });
    const [user] = await testDatabase().db.select({ revoked: users.sessionsRevokedAt }).from(users).where(eq(users.id, owner.id));
    expect(user!.revoked!.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const attempt = (password: string) => signIn(appDatabase().db, limits, { email: owner.email, password, ip }, TEST_SECRET);
    expect(await attempt("correct-horse-battery")).toBeNull();
    expect(await attempt("tidal orchard lantern")).toMatchObject({ id: owner.id });
    // Once only.
    expect(await passwordResetStatus(appDatabase().db, job2.token)).toEqual({ valid: false, email: null });
    await expect(resetPassword(appDatabase().db, limits, { token: job2.token, password: "another fine phrase", ip })).rejects.toMatchObject({ appCode: "auth.reset_invalid" });
    const events = await testDatabase().db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.objectId, owner.id)).orderBy(desc(auditLog.id));
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(["password.reset_requested", "password.reset"]));
    expect(workspaceId).toBeTruthy();
  });

  it("answers the same for an unknown email, and only the newest link works", async () => {
    const anonymous = callerAs(null);
    const nobody = `nobody-${randomUUID().slice(0, 8)}@example.test`;
    expect(await anonymous.auth.requestPasswordReset({ email: nobody })).toEqual({ sent: true });
    // The same request is queued either way; the worker finds no account and sends nothing.
    expect(await queued(nobody)).toHaveLength(1);
    expect(await runQueued(nobody)).toEqual({ outcomes: ["no_account"], token: null, text: null });
    const { owner } = await newWorkspace("Twice");
    const ip = `198.51.100.${Math.floor(Math.random() * 200)}`;
    await requestPasswordReset(appDatabase().db, limits, { email: owner.email, ip });
    const older = (await runQueued(owner.email)).token!;
    await requestPasswordReset(appDatabase().db, limits, { email: owner.email, ip });
    const newest = (await runQueued(owner.email)).token!;
    expect(newest).not.toBe(older);
    expect((await passwordResetStatus(appDatabase().db, older)).valid).toBe(false);
    expect((await passwordResetStatus(appDatabase().db, newest)).valid).toBe(true);
    await expect(callerAs(null).auth.passwordReset({ token: "x".repeat(43) })).resolves.toEqual({ valid: false, email: null });
  });

  it("limits emails per account and requests per IP address, exactly", async () => {
    const { owner } = await newWorkspace("Flooded");
    // Someone asks for resets of this account from many addresses: only a few emails go out.
    for (let i = 0; i < RESETS_PER_ACCOUNT + 3; i++) await requestPasswordReset(appDatabase().db, limits, { email: owner.email, ip: `192.0.2.${i + 1}` });
    const { outcomes: sent } = await runQueued(owner.email);
    expect(sent).toEqual([...Array(RESETS_PER_ACCOUNT).fill("outbox"), "limited", "limited", "limited"]);
    expect(await testDatabase().db.select().from(accountEmails).where(eq(accountEmails.userId, owner.id))).toHaveLength(RESETS_PER_ACCOUNT);

    // One address asking for many accounts: 5 requests allowed (this test's budget), then a sentence.
    const ip = `203.0.113.${Math.floor(Math.random() * 200)}`;
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        requestPasswordReset(appDatabase().db, limits, { email: `someone-${i}@example.test`, ip }).then(
          () => "ok",
          (e: Error) => e.message,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(5);
    expect(outcomes.filter((o) => o !== "ok")[0]).toMatch(/^Too many password resets from your network\. Try again in/);
  });

  it("changing one's password needs the current one (a wrong one counts as a failed sign-in) and ends every session", async () => {
    const { owner, workspaceId } = await newWorkspace("Changer");
    const api = callerAs(owner, workspaceId);
    await expect(api.auth.changePassword({ current: "not-my-password", next: "brand new phrase here" })).rejects.toThrow("Your current password is not right.");
    // (With the process's limits, as the web server runs it.)
    await expect(changePassword(appDatabase().db, limits, { userId: owner.id, current: "not-my-password", next: "brand new phrase here", ip: null })).rejects.toThrow("not right");
    expect((await limits.failures.get(owner.email))?.consumedPoints).toBe(1);
    await expect(api.auth.changePassword({ current: "correct-horse-battery", next: "password123" })).rejects.toThrow(/common/);
    const before = Date.now();
    expect(await api.auth.changePassword({ current: "correct-horse-battery", next: "brand new phrase here" })).toEqual({ changed: true });
    const [user] = await testDatabase().db.select({ revoked: users.sessionsRevokedAt }).from(users).where(eq(users.id, owner.id));
    expect(user!.revoked!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(await signIn(appDatabase().db, limits, { email: owner.email, password: "brand new phrase here", ip: "192.0.2.77" }, TEST_SECRET)).toMatchObject({ id: owner.id });
    // Someone who came by single sign-on has no password to change: they are told how to set one.
    const { db } = testDatabase();
    await db.update(users).set({ passwordHash: null }).where(eq(users.id, owner.id));
    await expect(api.auth.changePassword({ current: "x", next: "brand new phrase again" })).rejects.toThrow("Forgot your password?");
  });
});
