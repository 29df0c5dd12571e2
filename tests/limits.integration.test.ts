import { randomUUID } from "node:crypto";
import IORedis from "ioredis";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import { signIn, SignInRefused } from "@/server/domain/auth/sign-in";
import { Limits, limitsConnection, type LimitSettings } from "@/server/security/limits";
import { startApiServer } from "./api-server";
import { callerAs, newWorkspace, TEST_SECRET, testDatabase } from "./helpers";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const settings = (s: Partial<LimitSettings>): LimitSettings => ({ signInPerIp: 1000, signUpPerIp: 1000, apiPerKey: 1000, ...s });

function postgresLimits(s: Partial<LimitSettings> = {}, pauseBaseSeconds?: number) {
  const limits = new Limits({ sql: limitsConnection(inject("appDatabaseUrl"), 4) }, settings(s), { pauseBaseSeconds });
  cleanup.push(() => limits.close());
  return limits;
}

function redisLimits(s: Partial<LimitSettings> = {}) {
  const redis = new IORedis(process.env.REDIS_URL ?? "redis://127.0.0.1:6379", { enableOfflineQueue: true, maxRetriesPerRequest: 1 });
  const limits = new Limits({ redis }, settings(s));
  cleanup.push(() => limits.close());
  return limits;
}

/** Tries a sign-in; what the person would be told. */
async function attempt(limits: Limits, email: string, password: string, ip = "203.0.113.7") {
  try {
    return (await signIn(testDatabase().db, limits, { email, password, ip }, TEST_SECRET)) ? "signed in" : "wrong password";
  } catch (error) {
    if (error instanceof SignInRefused) return error.code;
    throw error;
  }
}

describe("rate limits", () => {
  for (const [backend, make] of [
    ["PostgreSQL", postgresLimits],
    ["Redis", redisLimits],
  ] as const) {
    it(`let exactly N through when N + k arrive at once (${backend})`, async () => {
      const limits = make({ signUpPerIp: 25 });
      const ip = `198.51.100.${Math.floor(Math.random() * 250)}-${randomUUID()}`;
      const verdicts = await Promise.all(Array.from({ length: 40 }, () => limits.take(limits.signUpIp, ip)));
      expect(verdicts.filter((v) => v.ok)).toHaveLength(25);
      const refused = verdicts.filter((v) => !v.ok);
      expect(refused).toHaveLength(15);
      for (const r of refused) if (!r.ok) expect(r.retryAfterMs).toBeGreaterThan(0);
      // Another address has its own budget.
      expect((await limits.take(limits.signUpIp, `${ip}-other`)).ok).toBe(true);
    });
  }

  it("per IP, sign-ins beyond the limit are refused before any password is checked", async () => {
    const limits = postgresLimits({ signInPerIp: 5 });
    const ip = `ip-${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => attempt(limits, `nobody-${i}@example.test`, "whatever-password", ip)));
    expect(results.filter((r) => r === "wrong password")).toHaveLength(5);
    expect(results.filter((r) => r === "signin.rate_limited")).toHaveLength(3);
  });

  it("per account: growing pauses after three failures, a lock after ten that refuses the right password too, and a clean slate after success", async () => {
    // The limits keep time by the clock of this process (their expiries are written to
    // PostgreSQL as its milliseconds): the test moves that clock instead of waiting, so a pause
    // cannot run out while a busy machine is still sending the next attempt.
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() });
    cleanup.push(() => vi.useRealTimers());
    const wait = (ms: number) => vi.setSystemTime(Date.now() + ms);
    const limits = postgresLimits({}, 1);
    const { owner } = await newWorkspace();
    const password = "correct-horse-battery"; // as newWorkspace signs up
    // Three free failures, then each attempt must wait for the pause (refused while it lasts).
    for (let i = 0; i < 3; i++) expect(await attempt(limits, owner.email, "wrong-guess")).toBe("wrong password");
    expect(await attempt(limits, owner.email, "wrong-guess")).toBe("signin.slow_down");
    wait(900);
    expect(await attempt(limits, owner.email, password)).toBe("signin.slow_down");
    const failures = async (n: number) => {
      for (let done = 0; done < n; ) {
        const r = await attempt(limits, owner.email, "wrong-guess");
        if (r === "signin.slow_down") wait(1000);
        else done++;
      }
    };
    // A success in between clears the count.
    wait(200);
    expect(await attempt(limits, owner.email, password)).toBe("signed in");
    await failures(3);
    wait(1100);
    expect(await attempt(limits, owner.email, password)).toBe("signed in");

    // Ten in a row lock the account: the tenth says so, and the right password is refused now.
    await failures(9);
    wait(1000 * 2 ** 7);
    await expect(signIn(testDatabase().db, limits, { email: owner.email, password: "wrong-guess", ip: "203.0.113.7" }, TEST_SECRET)).rejects.toThrow(
      "the account is locked for 15 minutes",
    );
    expect(await attempt(limits, owner.email, password)).toBe("signin.locked");
    // Typed in another case, it is the same account.
    expect(await attempt(limits, owner.email.toUpperCase(), password)).toBe("signin.locked");
    // Until the lock's 15 minutes are over.
    wait(15 * 60 * 1000 + 1000);
    expect(await attempt(limits, owner.email, password)).toBe("signed in");
    // An email with no account behaves the same way, so the answers tell nothing.
    const nobody = `nobody-${randomUUID()}@example.test`;
    for (let i = 0; i < 3; i++) expect(await attempt(limits, nobody, "wrong-guess")).toBe("wrong password");
    expect(await attempt(limits, nobody, "wrong-guess")).toBe("signin.slow_down");
  });

  it("an API key past its budget gets 429 with Retry-After and a stable code; another key is not affected", async () => {
    const limits = postgresLimits({ apiPerKey: 4 });
    const server = await startApiServer({ limits });
    cleanup.push(() => server.close());
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const one = await api.apiKeys.create({ name: "Sync", access: "read", objects: ["deal"] });
    const two = await api.apiKeys.create({ name: "Report", access: "read", objects: ["deal"] });
    const call = (token: string) => fetch(`${server.base}/api/v1/deals`, { headers: { authorization: `Bearer ${token}` } });
    const statuses = await Promise.all(Array.from({ length: 6 }, () => call(one.token).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(4);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const refused = await call(one.token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ data: { appCode: "api.rate_limited" } });
    expect((await call(two.token)).status).toBe(200);
  });
});
