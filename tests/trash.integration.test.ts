import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { addMember, callerAs, newWorkspace } from "./helpers";

async function fixture() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const company = await api.companies.create({ name: "Vandelay Industries" });
  const contact = await api.contacts.create({ firstName: "Art", lastName: "Vandelay", companyId: company.id });
  const [stage] = (await api.deals.pipelines())[0]!.stages;
  const deal = await api.deals.create({ title: "Latex imports", stageId: stage!.id, companyId: company.id, contactId: contact.id });
  return { owner, workspaceId, api, company, contact, deal };
}

describe("trash", () => {
  it("hides a deleted company everywhere, keeps its links, and restores it with them", async () => {
    const { api, company, contact, deal } = await fixture();
    await api.companies.delete({ id: company.id });

    await expect(api.companies.get({ id: company.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await api.companies.list()).map((c) => c.id)).not.toContain(company.id);
    expect((await api.search.global({ q: "vandelay industries" })).map((h) => h.id)).not.toContain(company.id);
    expect((await api.contacts.get({ id: contact.id })).companyName).toBeNull();
    expect((await api.deals.get({ id: deal.id })).companyName).toBeNull();
    // A trashed company cannot be linked to.
    await expect(api.contacts.create({ firstName: "New", companyId: company.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    const trash = await api.trash.list();
    expect(trash).toEqual([expect.objectContaining({ type: "company", id: company.id, title: "Vandelay Industries", deletedByName: "Owner Person" })]);

    await api.trash.restore({ type: "company", id: company.id });
    expect((await api.companies.get({ id: company.id })).contacts.map((c) => c.id)).toEqual([contact.id]);
    expect((await api.deals.get({ id: deal.id })).companyName).toBe("Vandelay Industries");
    expect(await api.trash.list()).toEqual([]);
  });

  it("restores deals and contacts, and records both moves in the timeline", async () => {
    const { api, deal, contact } = await fixture();
    await api.deals.delete({ id: deal.id });
    await api.contacts.delete({ id: contact.id });
    expect((await api.trash.list()).map((t) => t.type).sort()).toEqual(["contact", "deal"]);
    await api.trash.restore({ type: "deal", id: deal.id });
    expect((await api.deals.get({ id: deal.id })).contactName).toBeNull(); // the contact is still in the trash
    await api.trash.restore({ type: "contact", id: contact.id });
    expect((await api.deals.get({ id: deal.id })).contactName).toBe("Art Vandelay");
    expect((await api.timeline.list({ recordType: "deal", recordId: deal.id }).then((t) => t.items)).map((a) => a.kind).slice(0, 2)).toEqual(["restored", "deleted"]);
  });

  it("purges for good, unlinking what pointed at it; only owners and admins may", async () => {
    const { api, company, contact, workspaceId } = await fixture();
    const member = await addMember(workspaceId, "member");
    await api.companies.delete({ id: company.id });
    await expect(callerAs(member, workspaceId).trash.purge({ type: "company", id: company.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await api.trash.purge({ type: "company", id: company.id });
    await expect(api.trash.restore({ type: "company", id: company.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await api.contacts.get({ id: contact.id })).companyId).toBeNull();
  });

  it("refuses viewers and other workspaces", async () => {
    const { api, deal, workspaceId } = await fixture();
    await api.deals.delete({ id: deal.id });
    const viewer = await addMember(workspaceId, "viewer");
    const error = await callerAs(viewer, workspaceId)
      .trash.restore({ type: "deal", id: deal.id })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe("FORBIDDEN");

    const other = await newWorkspace();
    const them = callerAs(other.owner, other.workspaceId);
    expect(await them.trash.list()).toEqual([]);
    await expect(them.trash.restore({ type: "deal", id: deal.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(them.trash.purge({ type: "deal", id: deal.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await api.trash.list()).map((t) => t.id)).toEqual([deal.id]);
  });
});
