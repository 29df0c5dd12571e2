import { and, eq, isNull, sql } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog } from "@/server/db/schema";
import { signIn } from "@/server/domain/auth/sign-in";
import { Limits, limitsConnection } from "@/server/security/limits";
import { FIELDS } from "@/shared/record-doc";
import { inject } from "vitest";
import { startApiServer } from "./api-server";
import { connect, settled, startCollab, waitFor } from "./collab-harness";
import { addMember, appDatabase, callerAs, newWorkspace, TEST_SECRET, testDatabase } from "./helpers";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe("audit log", () => {
  it("records every change whatever the door — tRPC, REST with a key, a live edit — with who, from where, before and after", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const member = await addMember(workspaceId, "member", "Mo Member");
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Audited", stageId: stage!.id, amount: 100 });
    await api.deals.update({ id: deal.id, amount: 250 });

    // REST with an API key: the key and the address are recorded.
    const server = await startApiServer();
    cleanup.push(() => server.close());
    const key = await api.apiKeys.create({ name: "Sync", access: "write", objects: ["deal"] });
    const res = await fetch(`${server.base}/api/v1/deals/${deal.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${key.token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "Audited via REST" }),
    });
    expect(res.status).toBe(200);

    // A live edit, written into the row by the collab-server as its author.
    const collab = await startCollab({ writeDelay: 30 });
    cleanup.push(() => collab.server.destroy());
    const c = await connect(collab.url, member, `deal/${deal.id}`);
    cleanup.push(() => c.destroy());
    await settled(c);
    (c.doc.getMap(FIELDS).get("title") as Y.Text).insert(0, "Live ");
    await waitFor(async () => (await api.deals.get({ id: deal.id })).title === "Live Audited via REST", "the live edit in the row", 3000);

    const { items } = await api.audit.list({ objectId: deal.id });
    const updates = items.filter((e) => e.action === "deal.update").reverse();
    expect(items.at(-1)).toMatchObject({ action: "deal.insert", actorId: owner.id, objectType: "deal" });
    expect(updates[0]).toMatchObject({ actorId: owner.id, before: { amount: 100 }, after: { amount: 250 } });
    expect(updates[1]).toMatchObject({ actorId: owner.id, apiKeyId: key.id, ip: "127.0.0.1", after: { title: "Audited via REST" } });
    expect(updates.at(-1)).toMatchObject({ actorId: member.id, actorName: "Mo Member", before: { title: "Audited via REST" }, after: { title: "Live Audited via REST" } });
    // Filters: by action prefix.
    expect((await api.audit.list({ action: "api_key." })).items.every((e) => e.action.startsWith("api_key."))).toBe(true);
    expect((await api.audit.list({ action: "api_key." })).items.length).toBeGreaterThan(0);
    // Only owners and admins read it.
    await expect(callerAs(member, workspaceId).audit.list({})).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("is append-only for the application and tamper-evident: altering any entry breaks the chain at that entry", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    for (const name of ["One", "Two", "Three"]) await api.companies.create({ name });
    const intact = await api.audit.verify();
    expect(intact.brokenAt).toBeNull();
    expect(intact.checked).toBeGreaterThanOrEqual(8); // membership, pipeline, stages, three companies

    // The application's role cannot change or remove entries.
    const asApp = appDatabase().db;
    await expect(asApp.execute(sql`update audit_log set action = 'nothing' where workspace_id = ${workspaceId}`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) as unknown },
    });
    await expect(asApp.execute(sql`delete from audit_log where workspace_id = ${workspaceId}`)).rejects.toMatchObject({
      cause: { message: expect.stringMatching(/permission denied/) as unknown },
    });

    // Someone with the database owner's rights edits an entry: the chain says where.
    const [victim] = await testDatabase().db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.action, "company.insert"))).limit(1);
    await testDatabase().db.update(auditLog).set({ after: { name: "Forged" } }).where(eq(auditLog.id, victim!.id));
    expect(await api.audit.verify()).toMatchObject({ brokenAt: victim!.seq });
  });

  it("records sign-ins, failed and successful, with the address, in the account chain", async () => {
    const { owner } = await newWorkspace();
    const limits = new Limits({ sql: limitsConnection(inject("appDatabaseUrl"), 2) });
    cleanup.push(() => limits.close());
    await signIn(appDatabase().db, limits, { email: owner.email, password: "not-it", ip: "203.0.113.50" }, TEST_SECRET);
    await signIn(appDatabase().db, limits, { email: owner.email, password: "correct-horse-battery", ip: "203.0.113.50" }, TEST_SECRET);
    const events = await testDatabase()
      .db.select({ action: auditLog.action, ip: auditLog.ip, after: auditLog.after, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(isNull(auditLog.workspaceId), sql`${auditLog.after}->>'email' = ${owner.email.toLowerCase()}`))
      .orderBy(auditLog.id);
    expect(events).toEqual([
      { action: "signin.failed", ip: "203.0.113.50", after: { email: owner.email.toLowerCase() }, actorId: null },
      { action: "signin.succeeded", ip: "203.0.113.50", after: { email: owner.email.toLowerCase() }, actorId: owner.id },
    ]);
  });
});
