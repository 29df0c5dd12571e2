import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog } from "@/server/db/schema";
import { sha256Hex } from "@/server/security/digest";
import type { RecordObject } from "@/shared/permissions";
import { startApiServer } from "./api-server";
import { callerAs, newWorkspace, testDatabase, type TestUser } from "./helpers";

let base: string;
let close: () => Promise<unknown>;
beforeAll(async () => ({ base, close } = await startApiServer()));
afterAll(() => close());

async function keyFor(user: TestUser, workspaceId: string, access: "read" | "write" = "write", objects: RecordObject[] = ["company", "contact", "deal"]) {
  return callerAs(user, workspaceId).apiKeys.create({ name: `${access} key`, access, objects });
}

interface TokenAnswer {
  access_token?: string;
  refresh_token?: string;
  token_type?: string;
  expires_in?: number;
  error?: string;
  error_description?: string;
}

async function token(params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/api/oauth/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(params).toString(),
  });
  expect(res.headers.get("cache-control")).toBe("no-store");
  return { status: res.status, body: (await res.json()) as TokenAnswer };
}

const basic = (secret: string) => ({ authorization: `Basic ${Buffer.from(`mycrm:${secret}`).toString("base64")}` });

async function get(path: string, bearer: string) {
  const res = await fetch(`${base}/api/v1${path}`, { headers: { authorization: `Bearer ${bearer}` } });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

describe("OAuth 2.0 tokens for integrators", () => {
  it("an API key buys 15-minute access tokens that act with the key's rights, and a refresh token that rotates", async () => {
    const { owner, workspaceId } = await newWorkspace("Tokens Inc");
    await callerAs(owner, workspaceId).companies.create({ name: "Token Co" });
    const key = await keyFor(owner, workspaceId, "read", ["company"]);

    const first = await token({ grant_type: "client_credentials" }, basic(key.token));
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ token_type: "Bearer", expires_in: 900 });
    expect(first.body.access_token).toMatch(/^mcat_/);
    expect(first.body.refresh_token).toMatch(/^mcrt_/);
    // Only hashes are kept.
    const stored = await testDatabase().db.select().from(apiTokens).where(eq(apiTokens.workspaceId, workspaceId));
    expect(stored.map((t) => t.tokenHash).sort()).toEqual([sha256Hex(first.body.access_token!), sha256Hex(first.body.refresh_token!)].sort());
    expect(stored.find((t) => t.kind === "access")!.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(900_000);

    // The token is the key: its workspace, its objects, read only.
    const companies = await fetch(`${base}/api/v1/companies`, { headers: { authorization: `Bearer ${first.body.access_token}` } });
    expect(companies.status).toBe(200);
    expect(JSON.stringify(await companies.json())).toContain("Token Co");
    expect((await get("/contacts", first.body.access_token!)).status).toBe(403);
    const write = await fetch(`${base}/api/v1/companies`, {
      method: "POST",
      headers: { authorization: `Bearer ${first.body.access_token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Not allowed" }),
    });
    expect(write.status).toBe(403);

    // Refresh: a new pair; the refresh token just used is spent.
    const second = await token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token! });
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).not.toBe(first.body.refresh_token);
    expect((await get("/companies", second.body.access_token!)).status).toBe(200);

    // The client secret in the body works too (JSON as well as form-encoded).
    const json = await fetch(`${base}/api/oauth/token`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ grant_type: "client_credentials", client_secret: key.token }) });
    expect(json.status).toBe(200);
  });

  it("a refresh token presented twice revokes its whole family, and says why", async () => {
    const { owner, workspaceId } = await newWorkspace("Reuse Inc");
    const key = await keyFor(owner, workspaceId);
    const first = await token({ grant_type: "client_credentials", client_secret: key.token });
    const second = await token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token! });
    expect((await get("/companies", second.body.access_token!)).status).toBe(200);

    // Someone replays the first refresh token (copied from a log, say).
    const replay = await token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token! });
    expect(replay).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(replay.body.error_description).toContain("already used");
    // Every token of the family is dead now, the rightful client's newest ones included.
    const refused = await get("/companies", second.body.access_token!);
    expect(refused.status).toBe(401);
    expect(refused.body.message).toContain("expired or revoked");
    expect((await token({ grant_type: "refresh_token", refresh_token: second.body.refresh_token! })).status).toBe(400);
    // A fresh family from the key still works: the key itself was not compromised.
    const again = await token({ grant_type: "client_credentials", client_secret: key.token });
    expect((await get("/companies", again.body.access_token!)).status).toBe(200);
    const events = await testDatabase().db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.workspaceId, workspaceId));
    expect(events.map((e) => e.action)).toContain("oauth.refresh_reused");
  });

  it("two refreshes racing with one token: exactly one wins, and the race counts as reuse", async () => {
    const { owner, workspaceId } = await newWorkspace("Race Inc");
    const key = await keyFor(owner, workspaceId);
    const first = await token({ grant_type: "client_credentials", client_secret: key.token });
    const results = await Promise.all([1, 2, 3].map(() => token({ grant_type: "refresh_token", refresh_token: first.body.refresh_token! })));
    const won = results.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    expect((await get("/companies", won[0]!.body.access_token!)).status).toBe(401);
  });

  it("expired tokens, revoked keys and revoked tokens stop working; bad requests get OAuth errors", async () => {
    const { owner, workspaceId } = await newWorkspace("Expiry Inc");
    const key = await keyFor(owner, workspaceId);
    const a = await token({ grant_type: "client_credentials", client_secret: key.token });
    // Sixteen minutes later.
    await testDatabase().db.execute(sql`update api_tokens set expires_at = now() - interval '1 minute' where token_hash = ${sha256Hex(a.body.access_token!)}`);
    expect((await get("/companies", a.body.access_token!)).status).toBe(401);
    // The refresh token still gets a new pair.
    const b = await token({ grant_type: "refresh_token", refresh_token: a.body.refresh_token! });
    expect((await get("/companies", b.body.access_token!)).status).toBe(200);

    // RFC 7009 revocation: the family ends.
    const revoked = await fetch(`${base}/api/oauth/revoke`, { method: "POST", headers: { "content-type": "application/x-www-form-urlencoded" }, body: `token=${b.body.refresh_token}` });
    expect(revoked.status).toBe(200);
    expect((await get("/companies", b.body.access_token!)).status).toBe(401);

    // Revoking the key ends every token minted from it.
    const c = await token({ grant_type: "client_credentials", client_secret: key.token });
    await callerAs(owner, workspaceId).apiKeys.revoke({ id: key.id });
    expect((await get("/companies", c.body.access_token!)).status).toBe(401);
    expect(await token({ grant_type: "refresh_token", refresh_token: c.body.refresh_token! })).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
    expect(await token({ grant_type: "client_credentials", client_secret: key.token })).toMatchObject({ status: 401, body: { error: "invalid_client" } });

    expect(await token({})).toMatchObject({ status: 400, body: { error: "invalid_request" } });
    expect(await token({ grant_type: "password", username: "x", password: "y" })).toMatchObject({ status: 400, body: { error: "unsupported_grant_type" } });
    expect(await token({ grant_type: "client_credentials" })).toMatchObject({ status: 401, body: { error: "invalid_client" } });
    expect(await token({ grant_type: "refresh_token", refresh_token: "mcrt_" + "x".repeat(43) })).toMatchObject({ status: 400, body: { error: "invalid_grant" } });
  });
});
