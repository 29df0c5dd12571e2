import { eq } from "drizzle-orm";
import { generate } from "otplib";
import { afterEach, describe, expect, inject, it } from "vitest";
import { users } from "@/server/db/schema";
import { signIn, SignInRefused } from "@/server/domain/auth/sign-in";
import { Limits, limitsConnection } from "@/server/security/limits";
import { TOTP_REQUIRED } from "@/shared/two-factor";
import { addMember, appDatabase, callerAs, newWorkspace, TEST_SECRET, testDatabase } from "./helpers";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

function limits() {
  const l = new Limits({ sql: limitsConnection(inject("appDatabaseUrl"), 2) }, { signInPerIp: 1000, signUpPerIp: 1000, apiPerKey: 1000 }, { pauseBaseSeconds: 0.01 });
  cleanup.push(() => l.close());
  return l;
}

async function attempt(l: Limits, email: string, code?: string) {
  try {
    return (await signIn(appDatabase().db, l, { email, password: "correct-horse-battery", ip: "198.51.100.9", code }, TEST_SECRET)) ? "signed in" : "wrong password";
  } catch (error) {
    if (error instanceof SignInRefused) return error.code;
    throw error;
  }
}

/** Sets up two-factor sign-in as a person would: scan, type the first code. */
async function turnOn(api: ReturnType<typeof callerAs>) {
  const { secret, uri, qr } = await api.auth.twoFactor.start();
  expect(uri).toMatch(/^otpauth:\/\/totp\/MyCRM:.+\?secret=/);
  expect(qr).toMatch(/^data:image\/png;base64,/);
  await expect(api.auth.twoFactor.confirm({ code: "000000" })).rejects.toThrow("That code is not right");
  const { recoveryCodes } = await api.auth.twoFactor.confirm({ code: await generate({ secret }) });
  return { secret, recoveryCodes };
}

describe("two-factor sign-in", () => {
  it("is set up with a first code, sealed at rest, and then asked for at every sign-in: codes once each, recovery codes once each", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const l = limits();
    expect(await attempt(l, owner.email)).toBe("signed in");

    const { secret, recoveryCodes } = await turnOn(api);
    expect(recoveryCodes).toHaveLength(10);
    expect(await api.auth.twoFactor.status()).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
    const [row] = await testDatabase().db.select({ totp: users.totpSecret }).from(users).where(eq(users.id, owner.id));
    expect(row!.totp).toMatch(/^v1\./);
    expect(row!.totp).not.toContain(secret);

    // The right password alone asks for the code; the sign-in page shows exactly this sentence.
    expect(await attempt(l, owner.email)).toBe("signin.totp_required");
    await expect(signIn(appDatabase().db, l, { email: owner.email, password: "correct-horse-battery", ip: "198.51.100.9" }, TEST_SECRET)).rejects.toThrow(TOTP_REQUIRED);
    expect(await attempt(l, owner.email, "123456")).toBe("signin.totp_wrong");
    // The code the set-up used is spent; the authenticator's next one signs in, once.
    const used = await generate({ secret });
    expect(await attempt(l, owner.email, used)).toBe("signin.totp_wrong");
    await new Promise((r) => setTimeout(r, 50));
    const next = await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 });
    expect(await attempt(l, owner.email, next)).toBe("signed in");
    expect(await attempt(l, owner.email, next)).toBe("signin.totp_wrong");
    // A recovery code works once (typed any way), then never again.
    const spare = recoveryCodes[0]!;
    await new Promise((r) => setTimeout(r, 50));
    expect(await attempt(l, owner.email, ` ${spare.toUpperCase()} `)).toBe("signed in");
    expect(await attempt(l, owner.email, spare)).toBe("signin.totp_wrong");
    expect((await api.auth.twoFactor.status()).recoveryCodesLeft).toBe(9);

    // Turning it off takes a code.
    await expect(api.auth.twoFactor.disable({ code: "000000" })).rejects.toThrow("That code is not right");
    await api.auth.twoFactor.disable({ code: recoveryCodes[1]! });
    expect(await attempt(l, owner.email)).toBe("signed in");
  });

  it("a workspace can require it: members without it can do nothing there until they set it up", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const member = await addMember(workspaceId, "member", "Mo Member");
    const asMember = callerAs(member, workspaceId);
    await expect(api.workspace.setSecurity({ requireTwoFactor: true })).rejects.toThrow("Turn on two-factor sign-in for yourself first.");
    await turnOn(api);
    await api.workspace.setSecurity({ requireTwoFactor: true });

    await expect(asMember.deals.list({})).rejects.toMatchObject({ code: "FORBIDDEN", message: "This workspace requires two-factor sign-in: set it up to continue." });
    await expect(asMember.workspace.current()).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Setting it up is open to them (it is theirs, not the workspace's).
    await turnOn(asMember);
    expect(await asMember.deals.list({})).toEqual([]);
    expect((await api.workspace.security()).requireTwoFactor).toBe(true);
  });
});
