import { describe, expect, it } from "vitest";
import { prefixQuery } from "@/server/domain/search/global-search";
import { addMember, callerAs, newWorkspace } from "./helpers";

async function fixture() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const globex = await api.companies.create({ name: "Globex Corporation", domain: "globex.io" });
  const ada = await api.contacts.create({ firstName: "Ada", lastName: "Moreno", email: "ada@acme-logistics.com" });
  await api.contacts.create({ firstName: "Adam", lastName: "Smith" });
  const [stage] = (await api.deals.pipelines())[0]!.stages;
  const deal = await api.deals.create({ title: "Stark plant analytics", stageId: stage!.id });
  return { owner, workspaceId, api, globex, ada, deal };
}

describe("global search", () => {
  it("finds by word prefixes across companies, contacts and deals, best first", async () => {
    const { api, ada, globex, deal } = await fixture();
    const hits = await api.search.global({ q: "ada mor" });
    expect(hits[0]).toMatchObject({ type: "contact", id: ada.id, title: "Ada Moreno", subtitle: "ada@acme-logistics.com" });
    expect((await api.search.global({ q: "glob" }))[0]).toMatchObject({ type: "company", id: globex.id });
    expect((await api.search.global({ q: "plant" }))[0]).toMatchObject({ type: "deal", id: deal.id, subtitle: "Lead in" });
    expect((await api.search.global({ q: "acme-logistics" }))[0]!.id).toBe(ada.id);
  });

  it("forgives typos", async () => {
    const { api, globex, ada } = await fixture();
    expect((await api.search.global({ q: "globx" })).map((h) => h.id)).toContain(globex.id);
    expect((await api.search.global({ q: "moreno ada" }))[0]!.id).toBe(ada.id);
    expect((await api.search.global({ q: "morneo" })).map((h) => h.id)).toContain(ada.id);
  });

  it("stays in the caller's workspace", async () => {
    const { globex } = await fixture();
    const other = await newWorkspace();
    const hits = await callerAs(other.owner, other.workspaceId).search.global({ q: "globex" });
    expect(hits.map((h) => h.id)).not.toContain(globex.id);
    expect(hits).toEqual([]);
  });

  it("treats any input as text, never as query syntax", async () => {
    const { api } = await fixture();
    for (const q of ["'", "a & | !b", "):*", "\\", "%_", "''; drop table deals; --"]) {
      await expect(api.search.global({ q })).resolves.toBeInstanceOf(Array);
    }
    expect(prefixQuery("  Ada   O'Brien! ")).toBe("ada:* & o:* & brien:*");
    expect(prefixQuery("!!!")).toBeNull();
  });

  it("lets a viewer search too", async () => {
    const { workspaceId, ada } = await fixture();
    const viewer = await addMember(workspaceId, "viewer");
    expect((await callerAs(viewer, workspaceId).search.global({ q: "ada" })).map((h) => h.id)).toContain(ada.id);
  });
});
