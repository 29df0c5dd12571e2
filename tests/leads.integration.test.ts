import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { contacts } from "@/server/db/schema";
import { addMember, callerAs, newWorkspace, testDatabase } from "./helpers";

describe("leads", () => {
  it("convert into a new contact, a new company and a deal in one go, keeping the lead and its history", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const lead = await api.leads.create({ firstName: "Lena", lastName: "Vogel", email: "lena@zeppelin.example", companyName: "Zeppelin AG", source: "event" });
    await api.timeline.log({ recordType: "lead", recordId: lead.id, kind: "call", subject: "Met at the fair" });
    await api.leads.update({ id: lead.id, status: "qualified", qualification: "Budget for Q3" });
    const [stage] = (await api.deals.pipelines())[0]!.stages;

    const result = await api.leads.convert({ id: lead.id, deal: { title: "Zeppelin rollout", amount: 30000, stageId: stage!.id } });
    const contact = await api.contacts.get({ id: result.contactId });
    expect(contact).toMatchObject({ firstName: "Lena", email: "lena@zeppelin.example", companyName: "Zeppelin AG", lifecycleStage: "sql" });
    expect(await api.deals.get({ id: result.dealId! })).toMatchObject({ title: "Zeppelin rollout", contactName: "Lena Vogel", companyName: "Zeppelin AG" });

    const after = await api.leads.get({ id: lead.id });
    expect(after).toMatchObject({ status: "converted", convertedContactId: result.contactId, convertedDealId: result.dealId });
    const history = (await api.timeline.list({ recordType: "lead", recordId: lead.id })).items.map((a) => a.kind);
    // Qualifying it shows as a field change.
    expect(history).toEqual(["converted", "fields_changed", "call", "created"]);
    await expect(api.leads.convert({ id: lead.id })).rejects.toThrow("This lead has already been converted.");
    await expect(api.leads.update({ id: lead.id, lastName: "X" })).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("links to the contact with the same email and the company with the same name instead of duplicating", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const company = await api.companies.create({ name: "Zeppelin AG" });
    const existing = await api.contacts.create({ firstName: "Lena", email: "lena@zeppelin.example", companyId: company.id });
    const lead = await api.leads.create({ firstName: "Lena", email: "LENA@zeppelin.example", companyName: "zeppelin ag" });
    const result = await api.leads.convert({ id: lead.id });
    expect(result).toMatchObject({ contactId: existing.id, companyId: company.id, dealId: null });
    const rows = await testDatabase().db.select().from(contacts).where(eq(contacts.workspaceId, workspaceId));
    expect(rows).toHaveLength(1);
  });

  it("rolls everything back when any part fails, and respects roles and workspaces", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const lead = await api.leads.create({ firstName: "Rollback", companyName: "Half Made Ltd" });
    const other = await newWorkspace();
    const [theirStage] = (await callerAs(other.owner, other.workspaceId).deals.pipelines())[0]!.stages;
    await expect(api.leads.convert({ id: lead.id, deal: { title: "x", stageId: theirStage!.id } })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(await api.companies.list({ search: "half made" })).toEqual([]);
    expect(await api.contacts.list({ search: "rollback" })).toEqual([]);
    expect((await api.leads.get({ id: lead.id })).status).toBe("new");

    const viewer = await addMember(workspaceId, "viewer");
    await expect(callerAs(viewer, workspaceId).leads.convert({ id: lead.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(callerAs(other.owner, other.workspaceId).leads.convert({ id: lead.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await api.search.global({ q: "rollback" }))[0]).toMatchObject({ type: "lead", id: lead.id });
  });
});

describe("people on a deal", () => {
  it("puts contacts on a deal with roles, changes and removes them, within the workspace only", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Committee deal", stageId: stage!.id });
    const cfo = await api.contacts.create({ firstName: "Carla", lastName: "Finance" });
    const eng = await api.contacts.create({ firstName: "Eli", lastName: "Engineer" });
    await api.deals.setPerson({ dealId: deal.id, contactId: cfo.id, role: "decision_maker" });
    await api.deals.setPerson({ dealId: deal.id, contactId: eng.id, role: "user" });
    await api.deals.setPerson({ dealId: deal.id, contactId: eng.id, role: "champion" });
    expect((await api.deals.people({ id: deal.id })).map((p) => `${p.firstName}:${p.role}`)).toEqual(["Carla:decision_maker", "Eli:champion"]);
    await api.deals.removePerson({ dealId: deal.id, contactId: cfo.id });
    expect((await api.deals.people({ id: deal.id })).map((p) => p.firstName)).toEqual(["Eli"]);

    const other = await newWorkspace();
    const outsider = await callerAs(other.owner, other.workspaceId).contacts.create({ firstName: "Not yours" });
    await expect(api.deals.setPerson({ dealId: deal.id, contactId: outsider.id, role: "user" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(callerAs(other.owner, other.workspaceId).deals.people({ id: deal.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const viewer = await addMember(workspaceId, "viewer");
    await expect(callerAs(viewer, workspaceId).deals.setPerson({ dealId: deal.id, contactId: cfo.id, role: "user" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
