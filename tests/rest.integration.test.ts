import SwaggerParser from "@apidevtools/swagger-parser";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys, companies } from "@/server/db/schema";
import type { RecordObject } from "@/shared/permissions";
import { addMember, callerAs, newWorkspace, testDatabase, type TestUser } from "./helpers";
import { sessionCookie, startApiServer } from "./api-server";

let base: string;
let close: () => Promise<unknown>;
beforeAll(async () => ({ base, close } = await startApiServer()));
afterAll(() => close());

async function keyFor(user: TestUser, workspaceId: string, access: "read" | "write" = "write", objects: RecordObject[] = ["company", "contact", "deal"]) {
  return (await callerAs(user, workspaceId).apiKeys.create({ name: `${access} key`, access, objects })).token;
}

async function call(method: string, path: string, key: string | null, body?: unknown) {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown> & { data?: { appCode?: string } }) : null };
}

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3 document describing every REST route, all behind a bearer key", async () => {
    const res = await fetch(`${base}/api/openapi.json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, { security?: unknown[] }>> };
    expect(doc.openapi).toMatch(/^3\./);
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/companies", "/companies/{id}", "/contacts", "/contacts/{id}", "/deals", "/deals/{id}", "/deals/{id}/move", "/pipelines"]),
    );
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) expect(op.security, `${method} ${path}`).toBeTruthy();
    }
  });

  it("has a readable docs page that works without the network", async () => {
    const page = await fetch(`${base}/api/docs`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("/api/openapi.json");
    expect((await fetch(`${base}/api/docs/swagger-ui-bundle.js`)).status).toBe(200);
    expect((await fetch(`${base}/api/docs/../../etc/passwd`)).status).toBe(404);
  });
});

describe("REST with API keys", () => {
  it("creates, reads, lists, updates and deletes records as the key's workspace", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const key = await keyFor(owner, workspaceId);

    const created = await call("POST", "/companies", key, { name: "Initrode", domain: "initrode.com" });
    expect(created.status).toBe(200);
    const id = created.body!.id as string;
    expect((await call("GET", `/companies/${id}`, key)).body).toMatchObject({ name: "Initrode", domain: "initrode.com", contacts: [] });
    expect((await call("PATCH", `/companies/${id}`, key, { industry: "Paper" })).body).toMatchObject({ industry: "Paper", name: "Initrode" });
    const listed = await call("GET", "/companies?search=initro&limit=5", key);
    expect((listed.body as unknown as { name: string }[]).map((c) => c.name)).toEqual(["Initrode"]);

    const pipelines = (await call("GET", "/pipelines", key)).body as unknown as { stages: { id: string; name: string }[] }[];
    const [lead, , proposal] = pipelines[0]!.stages;
    const deal = await call("POST", "/deals", key, { title: "Paper contract", amount: 1200, stageId: lead!.id, companyId: id });
    expect(deal.status).toBe(200);
    const dealId = deal.body!.id as string;
    expect((await call("POST", `/deals/${dealId}/move`, key, { stageId: proposal!.id })).status).toBe(200);
    expect((await call("GET", `/deals/${dealId}`, key)).body).toMatchObject({ stageName: "Proposal", companyName: "Initrode", amount: 1200 });

    expect((await call("DELETE", `/deals/${dealId}`, key)).status).toBe(200);
    expect((await call("GET", `/deals/${dealId}`, key)).status).toBe(404);

    const [row] = await testDatabase().db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId));
    expect(row!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("answers bad input with 400, a message and per-field details", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const key = await keyFor(owner, workspaceId);
    const res = await call("POST", "/companies", key, { name: "", domain: "nope" });
    expect(res.status).toBe(400);
    expect(res.body!.code).toBe("BAD_REQUEST");
    expect(res.body!.data!.appCode).toBe("input.invalid");
    expect(JSON.stringify(res.body)).toContain("Name is required.");
    expect(await testDatabase().db.select().from(companies).where(eq(companies.workspaceId, workspaceId))).toEqual([]);
  });

  it("refuses missing, unknown and revoked keys with stable codes", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const key = await keyFor(owner, workspaceId);
    const none = await call("GET", "/companies", null);
    expect(none.status).toBe(401);
    expect(none.body!.data!.appCode).toBe("auth.required");
    const unknown = await call("GET", "/companies", `mcrm_abcdefgh_${"x".repeat(43)}`);
    expect(unknown.status).toBe(401);
    expect(unknown.body!.data!.appCode).toBe("apikey.invalid");
    expect((await call("GET", "/companies", "not-even-a-key")).status).toBe(401);

    const [row] = await testDatabase().db.select().from(apiKeys).where(eq(apiKeys.workspaceId, workspaceId));
    await callerAs(owner, workspaceId).apiKeys.revoke({ id: row!.id });
    const revoked = await call("GET", "/companies", key);
    expect(revoked.status).toBe(401);
    expect(revoked.body!.data!.appCode).toBe("apikey.invalid");
  });

  it("keeps a key to its access and its record types", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const readOnly = await keyFor(owner, workspaceId, "read");
    expect((await call("GET", "/companies", readOnly)).status).toBe(200);
    const write = await call("POST", "/companies", readOnly, { name: "Not allowed" });
    expect(write.status).toBe(403);
    expect(write.body!.data!.appCode).toBe("apikey.scope");

    const contactsOnly = await keyFor(owner, workspaceId, "write", ["contact"]);
    expect((await call("POST", "/contacts", contactsOnly, { firstName: "Allowed" })).status).toBe(200);
    await callerAs(owner, workspaceId).companies.create({ name: "Allowed Holdings" });
    // Search answers with the record types the key may read, and no others.
    const found = (await call("GET", "/search?q=allowed", contactsOnly)).body as unknown as { type: string; title: string }[];
    expect(found.map((h) => `${h.type}:${h.title}`)).toEqual(["contact:Allowed"]);
    const everything = (await call("GET", "/search?q=allowed", readOnly)).body as unknown as { type: string }[];
    expect(everything.map((h) => h.type).sort()).toEqual(["company", "contact"]);
    expect((await call("GET", "/deals", contactsOnly)).status).toBe(403);
    expect((await call("GET", "/companies", contactsOnly)).status).toBe(403);
    const rows = await testDatabase().db.select().from(companies).where(eq(companies.workspaceId, workspaceId));
    expect(rows.map((c) => c.name)).toEqual(["Allowed Holdings"]);
  });

  it("never lets a key reach another workspace, whatever it asks for", async () => {
    const a = await newWorkspace("A");
    const b = await newWorkspace("B");
    const secret = await callerAs(a.owner, a.workspaceId).companies.create({ name: "A's secret client" });
    const keyB = await keyFor(b.owner, b.workspaceId);
    expect((await call("GET", `/companies/${secret.id}`, keyB)).status).toBe(404);
    expect((await call("PATCH", `/companies/${secret.id}`, keyB, { name: "pwned" })).status).toBe(404);
    expect((await call("DELETE", `/companies/${secret.id}`, keyB)).status).toBe(404);
    const asked = await fetch(`${base}/api/v1/companies`, { headers: { authorization: `Bearer ${keyB}`, "x-workspace-id": a.workspaceId } });
    expect(await asked.json()).toEqual([]);
    const [row] = await testDatabase().db.select().from(companies).where(and(eq(companies.workspaceId, a.workspaceId), eq(companies.id, secret.id)));
    expect(row!.name).toBe("A's secret client");
  });

  it("gives a key no more than its creator may do, and only admins make keys", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const member = await addMember(workspaceId, "member");
    await expect(callerAs(member, workspaceId).apiKeys.create({ name: "x", access: "write", objects: ["deal"] })).rejects.toThrow(
      "Your role does not allow this",
    );
    const key = await keyFor(owner, workspaceId);
    // A key cannot manage keys, even one made by an owner.
    const res = await fetch(`${base}/api/trpc/apiKeys.list`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(403);
    // Nor open live documents.
    const token = await fetch(`${base}/api/trpc/collab.token`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ json: { document: "deal/00000000-0000-4000-8000-000000000000" } }),
    });
    expect(token.status).toBe(403);
    // The same procedures answer a signed-in person through the session cookie.
    const mine = await fetch(`${base}/api/v1/companies`, { headers: { cookie: await sessionCookie(owner) } });
    expect(mine.status).toBe(200);
  });
});
