import { describe, expect, it } from "vitest";
import { addMember, callerAs, newWorkspace } from "./helpers";

async function fixture() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const f = {
    budget: await api.customFields.create({ object: "deal", label: "Budget", type: "currency", options: { currency: "EUR" } }),
    source: await api.customFields.create({
      object: "deal",
      label: "Source",
      type: "select",
      required: true,
      options: { choices: [{ id: "web", label: "Website" }, { id: "ref", label: "Referral" }] },
    }),
    tags: await api.customFields.create({
      object: "deal",
      label: "Products",
      type: "multi_select",
      options: { choices: [{ id: "a", label: "Analytics" }, { id: "b", label: "Billing" }] },
    }),
    champion: await api.customFields.create({ object: "deal", label: "Champion", type: "user" }),
    partner: await api.customFields.create({ object: "deal", label: "Partner", type: "relation", options: { relatesTo: "company" } }),
    site: await api.customFields.create({ object: "deal", label: "Site", type: "url" }),
    signed: await api.customFields.create({ object: "deal", label: "Signed", type: "checkbox" }),
    due: await api.customFields.create({ object: "deal", label: "Due", type: "date" }),
  };
  const [stage] = (await api.deals.pipelines())[0]!.stages;
  return { owner, workspaceId, api, f, stageId: stage!.id };
}

describe("custom fields", () => {
  it("stores valid values of every kind and returns them with the record", async () => {
    const { owner, api, f, stageId } = await fixture();
    const partner = await api.companies.create({ name: "Partner Co" });
    const deal = await api.deals.create({
      title: "With extras",
      stageId,
      custom: {
        [f.budget.id]: 5000,
        [f.source.id]: "ref",
        [f.tags.id]: ["a", "b", "a"],
        [f.champion.id]: owner.id,
        [f.partner.id]: partner.id,
        [f.site.id]: "https://example.com/x",
        [f.signed.id]: true,
        [f.due.id]: "2027-01-31",
      },
    });
    const got = await api.deals.get({ id: deal.id });
    expect(got.custom).toEqual({
      [f.budget.id]: 5000,
      [f.source.id]: "ref",
      [f.tags.id]: ["a", "b"],
      [f.champion.id]: owner.id,
      [f.partner.id]: partner.id,
      [f.site.id]: "https://example.com/x",
      [f.signed.id]: true,
      [f.due.id]: "2027-01-31",
    });

    // An update changes what it names and leaves the rest; null clears a value.
    await api.deals.update({ id: deal.id, custom: { [f.budget.id]: 7500, [f.site.id]: null } });
    const after = (await api.deals.get({ id: deal.id })).custom;
    expect(after[f.budget.id]).toBe(7500);
    expect(after[f.site.id]).toBeUndefined();
    expect(after[f.source.id]).toBe("ref");
  });

  it("refuses invalid values with a sentence naming the field, and writes nothing", async () => {
    const { api, f, stageId, workspaceId } = await fixture();
    const other = await newWorkspace();
    const outsider = await callerAs(other.owner, other.workspaceId).companies.create({ name: "Not yours" });
    const cases: [Record<string, unknown>, string][] = [
      [{ [f.source.id]: "tv" }, "“Source” must be one of its choices."],
      [{ [f.source.id]: "web", [f.budget.id]: "lots" }, "“Budget” must be an amount."],
      [{ [f.source.id]: "web", [f.site.id]: "javascript:alert(1)" }, "“Site” must be a web address starting with http:// or https://."],
      [{ [f.source.id]: "web", [f.signed.id]: "yes" }, "“Signed” must be checked or unchecked (true or false)."],
      [{ [f.source.id]: "web", [f.due.id]: "31/01/2027" }, "“Due” must be a date like 2026-12-31."],
      [{ [f.source.id]: "web", [f.champion.id]: other.owner.id }, "“Champion” must be a member of this workspace."],
      [{ [f.source.id]: "web", [f.partner.id]: outsider.id }, "“Partner” must point to a record of this workspace."],
      [{}, "“Source” is required."],
      [{ [f.source.id]: "web", "00000000-0000-4000-8000-000000000000": 1 }, "There is no custom field 00000000-0000-4000-8000-000000000000 on deals."],
    ];
    for (const [custom, message] of cases) {
      await expect(api.deals.create({ title: "Bad", stageId, custom })).rejects.toThrow(message);
    }
    expect(await api.deals.list()).toEqual([]);
    const deal = await api.deals.create({ title: "Good", stageId, custom: { [f.source.id]: "web" } });
    await expect(api.deals.update({ id: deal.id, custom: { [f.source.id]: null } })).rejects.toThrow("“Source” is required.");
    expect(workspaceId).toBeTruthy();
  });

  it("renaming or deleting a field never corrupts records", async () => {
    const { api, f, stageId } = await fixture();
    const deal = await api.deals.create({ title: "Kept", stageId, custom: { [f.source.id]: "web", [f.budget.id]: 10 } });
    await api.customFields.update({ id: f.source.id, label: "Lead source", options: { choices: [{ id: "web", label: "Web form" }, { id: "ref", label: "Referral" }] } });
    expect((await api.deals.get({ id: deal.id })).custom[f.source.id]).toBe("web");
    // A rename alone keeps the choices.
    await api.customFields.update({ id: f.tags.id, label: "Product lines" });
    const tags = (await api.customFields.list({ object: "deal" })).find((x) => x.id === f.tags.id)!;
    expect(tags.options.choices?.map((c) => c.label)).toEqual(["Analytics", "Billing"]);
    await api.customFields.delete({ id: f.budget.id });
    // The record still opens and updates; the deleted field's value is no longer accepted.
    await api.deals.update({ id: deal.id, title: "Still kept" });
    expect((await api.deals.get({ id: deal.id })).title).toBe("Still kept");
    await expect(api.deals.update({ id: deal.id, custom: { [f.budget.id]: 5 } })).rejects.toThrow("There is no custom field");
    const fields = await api.customFields.list({ object: "deal" });
    expect(fields.map((x) => x.label)).toContain("Lead source");
    expect(fields.map((x) => x.id)).not.toContain(f.budget.id);
  });

  it("is defined by admins only, and per workspace", async () => {
    const { workspaceId, f } = await fixture();
    const member = await addMember(workspaceId, "member");
    await expect(callerAs(member, workspaceId).customFields.create({ object: "company", label: "Tier", type: "text" })).rejects.toThrow(
      "Your role does not allow this",
    );
    expect((await callerAs(member, workspaceId).customFields.list({})).length).toBe(8);
    const other = await newWorkspace();
    const them = callerAs(other.owner, other.workspaceId);
    expect(await them.customFields.list({})).toEqual([]);
    await expect(them.customFields.delete({ id: f.source.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(them.customFields.create({ object: "deal", label: "Broken", type: "select", options: {} })).rejects.toThrow(
      "A select field needs at least one choice.",
    );
  });
});
