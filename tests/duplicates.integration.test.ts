import { describe, expect, it } from "vitest";
import { addMember, callerAs, newWorkspace } from "./helpers";

describe("duplicates", () => {
  it("are found on create by email, domain and similar name, and listed in groups", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const ada = await api.contacts.create({ firstName: "Ada", lastName: "Moreno", email: "ada@acme.example" });
    await api.contacts.create({ firstName: "Ada", lastName: "Moreno", email: "a.moreno@home.example" });
    await api.contacts.create({ firstName: "Bob", lastName: "Stone", email: "ADA@acme.example" });
    const acme = await api.companies.create({ name: "Acme Logistics", domain: "acme.example" });

    const byEmail = await api.duplicates.check({ object: "contact", email: " Ada@Acme.example " });
    expect(byEmail.map((m) => [m.label, m.reason])).toEqual(
      expect.arrayContaining([
        ["Ada Moreno", "same_email"],
        ["Bob Stone", "same_email"],
      ]),
    );
    const byName = await api.duplicates.check({ object: "contact", name: "Ada Morenno" });
    expect(byName.map((m) => m.reason)).toEqual(["similar_name", "similar_name"]);
    expect(await api.duplicates.check({ object: "contact", name: "Zed Quill", email: "zed@nowhere.example" })).toEqual([]);
    expect(await api.duplicates.check({ object: "contact", email: "ada@acme.example", excludeId: ada.id })).toHaveLength(1);
    expect(await api.duplicates.check({ object: "company", domain: "ACME.example" })).toEqual([
      { id: acme.id, label: "Acme Logistics", detail: "acme.example", reason: "same_domain" },
    ]);
    expect((await api.duplicates.check({ object: "company", name: "Acme Logistic" }))[0]).toMatchObject({ id: acme.id, reason: "similar_name" });

    const groups = await api.duplicates.scan({ object: "contact" });
    expect(groups.map((g) => [g.reason, g.key, g.records.length])).toEqual([
      ["same_email", "ada@acme.example", 2],
      ["same_name", "ada moreno", 2],
    ]);
  });

  it("merge into one record that takes the chosen values and everything related, the others to the trash", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const sponsor = await api.customFields.create({ object: "deal", label: "Sponsor", type: "relation", options: { relatesTo: "contact" } });
    const keep = await api.contacts.create({ firstName: "Ada", lastName: "Moreno", email: "ada@acme.example", tags: ["vip"] });
    const dup = await api.contacts.create({
      firstName: "Ada",
      lastName: "Moreno-Diaz",
      email: "ada.md@home.example",
      title: "COO",
      phone: "+1 555 0100",
      tags: ["speaker"],
    });
    const [pipeline] = await api.deals.pipelines();
    const deal = await api.deals.create({ title: "Fleet rollout", stageId: pipeline!.stages[0]!.id, contactId: dup.id, custom: { [sponsor.id]: dup.id } });
    await api.deals.setPerson({ dealId: deal.id, contactId: dup.id, role: "champion" });
    await api.tasks.create({ title: "Call Ada", recordType: "contact", recordId: dup.id, priority: "normal", status: "open" });
    await api.timeline.log({ recordType: "contact", recordId: dup.id, kind: "call", subject: "Intro call", body: "" });

    const viewer = await addMember(workspaceId, "viewer");
    await expect(callerAs(viewer, workspaceId).duplicates.merge({ object: "contact", survivorId: keep.id, mergedIds: [dup.id] })).rejects.toMatchObject({
      cause: { appCode: "permission.denied" },
    });
    const other = await newWorkspace();
    await expect(callerAs(other.owner, other.workspaceId).duplicates.merge({ object: "contact", survivorId: keep.id, mergedIds: [dup.id] })).rejects.toMatchObject({
      cause: { appCode: "merge.not_found" },
    });

    const compared = await api.duplicates.compare({ object: "contact", ids: [keep.id, dup.id] });
    expect(compared.rows.map((r) => r.values.lastName)).toEqual(["Moreno", "Moreno-Diaz"]);

    expect(await api.duplicates.merge({ object: "contact", survivorId: keep.id, mergedIds: [dup.id], choices: { lastName: dup.id } })).toEqual({
      id: keep.id,
      merged: 1,
    });
    const merged = await api.contacts.get({ id: keep.id });
    expect(merged).toMatchObject({ lastName: "Moreno-Diaz", title: "COO", email: "ada@acme.example", phone: "+1 555 0100" });
    expect(merged.emails.map((e) => e.value)).toEqual(["ada@acme.example", "ada.md@home.example"]);
    expect(merged.tags.sort()).toEqual(["speaker", "vip"]);
    expect(merged.deals.map((d) => d.id)).toEqual([deal.id]);
    expect((await api.deals.get({ id: deal.id })).custom).toEqual({ [sponsor.id]: keep.id });
    expect((await api.deals.people({ id: deal.id })).map((p) => [p.contactId, p.role])).toEqual([[keep.id, "champion"]]);
    expect((await api.tasks.list({ assignee: "anyone", recordType: "contact", recordId: keep.id })).map((t) => t.title)).toEqual(["Call Ada"]);
    const timeline = (await api.timeline.list({ recordType: "contact", recordId: keep.id })).items.map((i) => i.kind);
    expect(timeline[0]).toBe("merged");
    expect(timeline).toEqual(expect.arrayContaining(["call", "created"]));
    await expect(api.contacts.get({ id: dup.id })).rejects.toMatchObject({ cause: { appCode: "contact.not_found" } });
    expect((await api.trash.list()).map((t) => t.id)).toEqual([dup.id]);
  });
});
