import { describe, expect, it } from "vitest";
import { addMember, callerAs, newWorkspace } from "./helpers";

describe("timeline", () => {
  it("logs calls, meetings, emails and notes on any record, newest first, a page at a time", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const company = await api.companies.create({ name: "Tyrell Corp" });
    for (let i = 1; i <= 5; i++) {
      await api.timeline.log({ recordType: "company", recordId: company.id, kind: i % 2 ? "call" : "note", subject: `Entry ${i}`, body: "details" });
    }
    const first = await api.timeline.list({ recordType: "company", recordId: company.id, limit: 4 });
    expect(first.items.map((a) => a.data.subject ?? a.kind)).toEqual(["Entry 5", "Entry 4", "Entry 3", "Entry 2"]);
    expect(first.items[0]).toMatchObject({ kind: "call", actorName: "Owner Person", data: { body: "details" } });
    const second = await api.timeline.list({ recordType: "company", recordId: company.id, limit: 4, cursor: first.next });
    expect(second.items.map((a) => a.data.subject ?? a.kind)).toEqual(["Entry 1", "created"]);
    expect(second.next).toBeNull();
  });

  it("needs the right to change the record to log, and only reaches records of the workspace", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const contact = await api.contacts.create({ firstName: "Rachael" });
    const viewer = await addMember(workspaceId, "viewer");
    const asViewer = callerAs(viewer, workspaceId);
    expect((await asViewer.timeline.list({ recordType: "contact", recordId: contact.id })).items).toHaveLength(1);
    await expect(asViewer.timeline.log({ recordType: "contact", recordId: contact.id, kind: "note", subject: "x" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });

    const other = await newWorkspace();
    const them = callerAs(other.owner, other.workspaceId);
    await expect(them.timeline.log({ recordType: "contact", recordId: contact.id, kind: "note", subject: "x" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    expect((await them.timeline.list({ recordType: "contact", recordId: contact.id })).items).toEqual([]);
    expect((await api.timeline.list({ recordType: "contact", recordId: contact.id })).items).toHaveLength(1);
  });
});

describe("field changes in the timeline", () => {
  it("lists what an update changed, by field label, with values where they read well", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const tier = await api.customFields.create({ object: "contact", label: "Tier", type: "select", options: { choices: [{ id: "g", label: "Gold" }] } });
    const acme = await api.companies.create({ name: "Acme" });
    const ada = await api.contacts.create({ firstName: "Ada", title: "Intern" });
    await api.contacts.update({ id: ada.id, title: "CTO", lifecycleStage: "customer", companyId: acme.id, tags: ["vip"], custom: { [tier.id]: "g" } });
    // Saving the same values again writes nothing.
    await api.contacts.update({ id: ada.id, title: "CTO" });
    const items = (await api.timeline.list({ recordType: "contact", recordId: ada.id })).items;
    expect(items.map((i) => i.kind)).toEqual(["fields_changed", "created"]);
    expect(items[0]!.data.changes).toEqual([
      { field: "Job title", from: "Intern", to: "CTO" },
      { field: "Company", from: null, to: null, hidden: true },
      { field: "Lifecycle stage", from: null, to: "Customer" },
      { field: "Tags", from: null, to: "vip" },
      { field: "Tier", from: null, to: "Gold" },
    ]);
  });
});
