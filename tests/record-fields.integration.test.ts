import { describe, expect, it } from "vitest";
import { callerAs, newWorkspace } from "./helpers";

describe("richer records", () => {
  it("keeps several emails and phones per contact, the first being the primary", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const c = await api.contacts.create({
      firstName: "Dana",
      emails: [
        { value: "Dana@Work.example", label: "work" },
        { value: "dana@home.example", label: "personal" },
      ],
      phones: [{ value: "+44 20 7946 0000", label: "office" }],
      lifecycleStage: "customer",
      links: { linkedin: "https://www.linkedin.com/in/dana", twitter: "" },
    });
    let got = await api.contacts.get({ id: c.id });
    expect(got).toMatchObject({ email: "dana@work.example", phone: "+44 20 7946 0000", lifecycleStage: "customer" });
    expect(got.emails.map((e) => e.value)).toEqual(["dana@work.example", "dana@home.example"]);
    expect(got.links).toEqual({ linkedin: "https://www.linkedin.com/in/dana", twitter: null });

    // A new primary replaces the first and keeps the others.
    await api.contacts.update({ id: c.id, email: "dana@new.example" });
    got = await api.contacts.get({ id: c.id });
    expect(got.emails).toEqual([
      { value: "dana@new.example", label: "work" },
      { value: "dana@home.example", label: "personal" },
    ]);
    // A new list replaces the list, and the primary with it.
    await api.contacts.update({ id: c.id, emails: [{ value: "only@example.com", label: "work" }], phones: [] });
    got = await api.contacts.get({ id: c.id });
    expect(got).toMatchObject({ email: "only@example.com", phone: null, phones: [] });
    expect((await api.search.global({ q: "only@example" }))[0]!.id).toBe(c.id);
  });

  it("checks each entry with a sentence", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    await expect(api.contacts.create({ firstName: "X", emails: [{ value: "not-an-email", label: "work" }] })).rejects.toThrow(
      "Enter a valid email address.",
    );
    await expect(api.contacts.create({ firstName: "X", phones: [{ value: "call me", label: "work" }] })).rejects.toThrow("Enter a phone number");
    await expect(api.companies.create({ name: "X", links: { website: "javascript:alert(1)", linkedin: null, twitter: null } })).rejects.toThrow(
      "Enter a web address starting with https://.",
    );
  });

  it("stores a company's size, address and links", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const co = await api.companies.create({
      name: "Wayne Enterprises",
      size: "5001+",
      address: { street: "1007 Mountain Drive", city: "Gotham", region: null, postalCode: "10001", country: "US" },
      links: { website: "https://wayne.example", linkedin: null, twitter: null },
    });
    expect(await api.companies.get({ id: co.id })).toMatchObject({
      size: "5001+",
      address: { city: "Gotham", street: "1007 Mountain Drive", region: null },
      links: { website: "https://wayne.example" },
    });
    await api.companies.update({ id: co.id, size: null });
    expect((await api.companies.get({ id: co.id })).size).toBeNull();
  });
});
