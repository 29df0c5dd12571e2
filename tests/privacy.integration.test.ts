import { and, eq, sql } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { auditLog, documentUpdates } from "@/server/db/schema";
import { addMember, callerAs, newWorkspace, testDatabase } from "./helpers";
import { connect, settled, startCollab, waitFor, writeNote } from "./collab-harness";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe("GDPR tools", () => {
  it("export everything held about a person, then erase it: the record stays, empty of them; search, history, note and comments forget them; the audit log keeps the fact, not the data", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const stages = (await api.deals.pipelines())[0]!.stages;
    const contact = await api.contacts.create({ firstName: "Priya", lastName: "Quasar", emails: [{ value: "priya.quasar@example.test", label: "work" }], title: "CTO", tags: ["vip"] });
    const deal = await api.deals.create({ title: "Quasar rollout", stageId: stages[0]!.id, contactId: contact.id });
    await api.comments.create({ recordType: "contact", recordId: contact.id, body: "Priya prefers calls after 4pm" });
    await api.timeline.log({ recordType: "contact", recordId: contact.id, kind: "call", subject: "Talked budget with Priya", body: "" });
    await api.tasks.create({ title: "Send Priya the deck", recordType: "contact", recordId: contact.id, assigneeId: owner.id });
    const collab = await startCollab({ writeDelay: 30 });
    cleanup.push(() => collab.server.destroy());
    const c = await connect(collab.url, owner, `contact/${contact.id}`);
    await settled(c);
    writeNote(c.doc, "Priya's daughter starts school in May");
    await waitFor(() => !c.provider.hasUnsyncedChanges, "the note to be stored");
    c.destroy();
    await collab.server.destroy();

    const exported = (await api.privacy.exportPerson({ type: "contact", id: contact.id })) as Record<string, unknown>;
    expect(exported).toMatchObject({ kind: "contact", person: { firstName: "Priya", lastName: "Quasar", title: "CTO" }, note: "Priya's daughter starts school in May" });
    expect((exported.deals as { title: string }[]).map((d) => d.title)).toEqual(["Quasar rollout"]);
    expect(JSON.stringify(exported.comments)).toContain("after 4pm");
    expect(JSON.stringify(exported.timeline)).toContain("Talked budget");
    expect(JSON.stringify(exported.tasks)).toContain("Send Priya the deck");

    // Only owners and admins.
    const member = await addMember(workspaceId, "member", "Mo Member");
    await expect(callerAs(member, workspaceId).privacy.erasePerson({ type: "contact", id: contact.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    await api.privacy.erasePerson({ type: "contact", id: contact.id });
    const after = await api.contacts.get({ id: contact.id });
    expect(after).toMatchObject({ firstName: "Erased person", lastName: null, title: null, emails: [], tags: [] });
    expect((await api.search.global({ q: "Quasar" })).map((r) => r.title)).not.toContain("Priya Quasar");
    expect(await api.comments.list({ recordType: "contact", recordId: contact.id })).toEqual([]);
    const timeline = (await api.timeline.list({ recordType: "contact", recordId: contact.id })).items;
    expect(timeline.map((t) => t.kind)).toEqual(["erased"]);
    const log = await testDatabase().db.select().from(documentUpdates).where(and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, `contact/${contact.id}`)));
    expect(log).toEqual([]);
    // The deal and the task keep pointing at the (now empty) record.
    expect((await api.deals.get({ id: deal.id })).contactId).toBe(contact.id);

    // The audit log says what happened and which fields went, never their values.
    const trail = await testDatabase().db.select().from(auditLog).where(and(eq(auditLog.workspaceId, workspaceId), eq(auditLog.objectId, contact.id)));
    const erasure = trail.filter((e) => e.action === "contact.update").at(-1)!;
    expect(erasure.before).toBeNull();
    expect((erasure.after as { erased_fields: string[] }).erased_fields).toEqual(expect.arrayContaining(["first_name", "last_name", "emails", "title", "tags"]));
    expect(JSON.stringify(erasure)).not.toContain("Quasar");
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(["privacy.exported", "privacy.erased"]));
    const [chain] = await testDatabase().db.execute<{ broken_at: string | null }>(sql`select broken_at from audit_verify(${workspaceId}::uuid)`);
    expect(chain!.broken_at).toBeNull();
    void Y;
  });
});
