import { describe, expect, it } from "vitest";
import { addMember, callerAs, newWorkspace } from "./helpers";

describe("consent records", () => {
  it("record what a contact agreed to, from where; a withdrawal closes it and stays in the history; the export carries them", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const contact = await api.contacts.create({ firstName: "Ola", lastName: "Optin" });
    const first = await api.privacy.recordConsent({ contactId: contact.id, purpose: "Newsletter", source: "Web form, pricing page" });
    await api.privacy.recordConsent({ contactId: contact.id, purpose: "Product updates", source: "Trade show badge scan" });
    await expect(api.privacy.recordConsent({ contactId: contact.id, purpose: "newsletter", source: "Again" })).rejects.toThrow("already recorded");
    await expect(api.privacy.recordConsent({ contactId: contact.id, purpose: " ", source: "x" })).rejects.toMatchObject({ code: "BAD_REQUEST" });

    await api.privacy.withdrawConsent({ id: first.id });
    await expect(api.privacy.withdrawConsent({ id: first.id })).rejects.toThrow("already withdrawn");
    const list = await api.privacy.consents({ contactId: contact.id });
    expect(list.map((c) => [c.purpose, c.withdrawnAt !== null, c.recordedByName])).toEqual(
      expect.arrayContaining([
        ["Newsletter", true, "Owner Person"],
        ["Product updates", false, "Owner Person"],
      ]),
    );
    // Given anew after a withdrawal: a new record.
    await api.privacy.recordConsent({ contactId: contact.id, purpose: "Newsletter", source: "Email reply" });
    expect((await api.privacy.consents({ contactId: contact.id })).filter((c) => c.purpose === "Newsletter")).toHaveLength(2);

    const exported = (await api.privacy.exportPerson({ type: "contact", id: contact.id })) as { consents: { purpose: string }[] };
    expect(exported.consents).toHaveLength(3);

    // A viewer reads them; only those who may change the contact record them.
    const viewer = await addMember(workspaceId, "viewer", "Vi Viewer");
    expect(await callerAs(viewer, workspaceId).privacy.consents({ contactId: contact.id })).toHaveLength(3);
    await expect(callerAs(viewer, workspaceId).privacy.recordConsent({ contactId: contact.id, purpose: "Calls", source: "Phone" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});
