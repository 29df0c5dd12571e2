import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { workerHeartbeats } from "@/server/db/schema";
import { callerAs, newWorkspace, testDatabase } from "./helpers";
import { sessionCookie, startApiServer } from "./api-server";
import { startCollab } from "./collab-harness";

let base: string;
let close: () => Promise<unknown>;
let collab: Awaited<ReturnType<typeof startCollab>>;

beforeAll(async () => {
  collab = await startCollab();
  ({ base, close } = await startApiServer({ collabInternalUrl: collab.httpUrl }));
});

afterAll(async () => {
  await close();
  await collab.server.destroy().catch(() => {});
});

const trpcGet = (path: string, input: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/trpc/${path}?input=${encodeURIComponent(JSON.stringify({ json: input }))}`, { headers });

describe("the API over HTTP (tRPC's Node adapter)", () => {
  it("reads the next-auth session cookie and answers for that user's workspace", async () => {
    const { owner, workspaceId } = await newWorkspace("HTTP co");
    const stages = (await callerAs(owner, workspaceId).deals.pipelines())[0]!.stages;
    await callerAs(owner, workspaceId).deals.create({ title: "Over the wire", stageId: stages[0]!.id });

    const res = await trpcGet("deals.list", { limit: 10 }, { cookie: await sessionCookie(owner) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { json: { title: string }[] } } };
    expect(body.result.data.json.map((d) => d.title)).toEqual(["Over the wire"]);
  });

  it("answers 401 with a stable code without a session, and 403 for another workspace", async () => {
    const anonymous = await trpcGet("deals.list", { limit: 10 });
    expect(anonymous.status).toBe(401);
    const body = (await anonymous.json()) as { error: { json: { message: string; data: { appCode: string } } } };
    expect(body.error.json.message).toBe("Sign in to continue.");
    expect(body.error.json.data.appCode).toBe("auth.required");

    const a = await newWorkspace("A");
    const b = await newWorkspace("B");
    const res = await trpcGet("deals.list", { limit: 10 }, { cookie: await sessionCookie(b.owner), "x-workspace-id": a.workspaceId });
    expect(res.status).toBe(403);

    const forged = await trpcGet("deals.list", { limit: 10 }, { cookie: "next-auth.session-token=forged.value.here" });
    expect(forged.status).toBe(401);
  });

  it("returns input errors as 400 with per-field messages", async () => {
    const { owner } = await newWorkspace();
    const res = await fetch(`${base}/api/trpc/companies.create`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: await sessionCookie(owner), origin: "http://localhost:3000" },
      body: JSON.stringify({ json: { name: "" } }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { data: { appCode: string; zodError: { fieldErrors: Record<string, string[]> } } } } };
    expect(body.error.json.data.appCode).toBe("input.invalid");
    expect(body.error.json.data.zodError.fieldErrors.name).toEqual(["Name is required."]);
  });
});

describe("operations endpoints", () => {
  it("health is 200 when database, worker and collab-server are up, and 503 naming what is down", async () => {
    const { db } = testDatabase();
    await db.delete(workerHeartbeats);
    let res = await fetch(`${base}/api/core/health/`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { down: string[] }).down).toEqual(["worker"]);

    await db.insert(workerHeartbeats).values({ workerId: "test-worker" }).onConflictDoUpdate({
      target: workerHeartbeats.workerId,
      set: { seenAt: sql`now()` },
    });
    res = await fetch(`${base}/api/core/health/`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", down: [], checks: { database: { ok: true }, worker: { ok: true }, collab: { ok: true } } });

    await collab.server.destroy();
    res = await fetch(`${base}/api/core/health/`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { down: string[] }).down).toEqual(["collab"]);
    await db.delete(workerHeartbeats);
  });

  it("metrics count calls and latency by procedure, never by record", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const stages = (await callerAs(owner, workspaceId).deals.pipelines())[0]!.stages;
    const deal = await callerAs(owner, workspaceId).deals.create({ title: "Metered", stageId: stages[0]!.id });
    await trpcGet("deals.get", { id: deal.id }, { cookie: await sessionCookie(owner) });
    const res = await fetch(`${base}/api/core/metrics/`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/mycrm_trpc_calls_total\{[^}]*procedure="deals.get"[^}]*code="OK"[^}]*\} \d+/);
    expect(text).toMatch(/mycrm_trpc_duration_seconds_bucket\{[^}]*procedure="deals.get"/);
    expect(text).toMatch(/mycrm_http_requests_total\{[^}]*route="trpc"/);
    expect(text).not.toContain(deal.id);
  });
});

describe("cross-site request forgery", () => {
  it("refuses a change made with the session cookie unless it comes from a page of the app; API keys and reads are not affected", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const post = (headers: Record<string, string>) =>
      fetch(`${base}/api/trpc/companies.create`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ json: { name: "Forged Ltd" } }) });
    const cookie = await sessionCookie(owner);
    const fromElsewhere = await post({ cookie, origin: "https://evil.example" });
    expect(fromElsewhere.status).toBe(403);
    expect(await fromElsewhere.json()).toMatchObject({ code: "csrf.origin" });
    expect((await post({ cookie })).status).toBe(403);
    expect((await post({ cookie, origin: "http://localhost:3000" })).status).toBe(200);
    // Reads with the cookie, and writes with a key, need no Origin.
    expect((await fetch(`${base}/api/trpc/companies.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { cookie } })).status).toBe(200);
    const key = await callerAs(owner, workspaceId).apiKeys.create({ name: "K", access: "write", objects: ["company"] });
    expect((await post({ authorization: `Bearer ${key.token}` })).status).toBe(200);
    expect((await callerAs(owner, workspaceId).companies.list({ search: "Forged" })).map((c) => c.name)).toEqual(["Forged Ltd", "Forged Ltd"]);
  });
});

describe("CORS", () => {
  it("is closed to other sites, except the REST API for the origins listed, with an API key", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const key = await callerAs(owner, workspaceId).apiKeys.create({ name: "Partner", access: "read", objects: ["company"] });
    const partner = await startApiServer({ corsOrigins: ["https://partner.example"] });
    try {
      const preflight = (origin: string) =>
        fetch(`${partner.base}/api/v1/companies`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" } });
      const ok = await preflight("https://partner.example");
      expect(ok.status).toBe(204);
      expect(ok.headers.get("access-control-allow-origin")).toBe("https://partner.example");
      expect(ok.headers.get("access-control-allow-headers")).toContain("authorization");
      expect(ok.headers.get("access-control-allow-credentials")).toBeNull();
      const refused = await preflight("https://evil.example");
      expect(refused.status).toBe(403);
      expect(refused.headers.get("access-control-allow-origin")).toBeNull();

      const read = await fetch(`${partner.base}/api/v1/companies`, { headers: { origin: "https://partner.example", authorization: `Bearer ${key.token}` } });
      expect(read.status).toBe(200);
      expect(read.headers.get("access-control-allow-origin")).toBe("https://partner.example");
      // tRPC (the app's own door) never answers other sites.
      const trpcRead = await fetch(`${partner.base}/api/trpc/companies.list?input=${encodeURIComponent(JSON.stringify({ json: {} }))}`, { headers: { origin: "https://partner.example" } });
      expect(trpcRead.headers.get("access-control-allow-origin")).toBeNull();
    } finally {
      await partner.close();
    }
    // With no origins configured (the default), nothing is allowed.
    const closed = await fetch(`${base}/api/v1/companies`, { method: "OPTIONS", headers: { origin: "https://partner.example", "access-control-request-method": "GET" } });
    expect(closed.status).toBe(403);
  });
});
