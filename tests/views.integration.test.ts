import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ViewFilter, ViewSort } from "@/shared/views";
import { addMember, callerAs, newWorkspace } from "./helpers";
import { startApiServer } from "./api-server";

let base: string;
let close: () => Promise<unknown>;
beforeAll(async () => ({ base, close } = await startApiServer()));
afterAll(() => close());

type Caller = ReturnType<typeof callerAs>;

/** Every page of a view, following the cursors. */
async function allPages(api: Caller, input: Omit<Parameters<Caller["records"]["query"]>[0], "cursor">) {
  const rows: { id: string; values: Record<string, unknown> }[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page: Awaited<ReturnType<Caller["records"]["query"]>> = await api.records.query({ ...input, cursor });
    rows.push(...page.rows);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return rows;
}

async function salesWorkspace() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const tier = await api.customFields.create({
    object: "company",
    label: "Tier",
    type: "select",
    options: { choices: [{ id: "gold", label: "Gold" }, { id: "silver", label: "Silver" }] },
  });
  const seats = await api.customFields.create({ object: "company", label: "Seats", type: "number" });
  const data = [
    { name: "Acme", domain: "acme.com", industry: "Manufacturing", size: "51-200", tags: ["vip"], custom: { [tier.id]: "gold", [seats.id]: 120 } },
    { name: "Globex", domain: "globex.com", industry: "Software", size: "1001-5000", tags: ["partner", "vip"], custom: { [tier.id]: "silver", [seats.id]: 40 } },
    { name: "Initech", domain: null, industry: "Software", size: null, tags: [], custom: { [seats.id]: 8 } },
    { name: "Umbrella", domain: "umbrella.example", industry: null, size: "11-50", tags: ["partner"], custom: { [tier.id]: "gold" } },
    { name: "Hooli", domain: "hooli.com", industry: "Software", size: "5001+", tags: [], custom: {} },
  ] as const;
  for (const c of data) await api.companies.create({ ...c, size: c.size ?? null, tags: [...c.tags] });
  return { owner, workspaceId, api, tier, seats };
}

const names = (rows: { values: Record<string, unknown> }[]) => rows.map((r) => r.values.name);

describe("table views: filters", () => {
  it("filters with AND/OR groups on built-in and custom fields, with operators that fit each kind", async () => {
    const { api, tier, seats } = await salesWorkspace();
    const q = async (filter: ViewFilter, sorts: ViewSort[] = [{ field: "name", direction: "asc" }]) =>
      names((await api.records.query({ object: "company", filter, sorts })).rows);

    expect(await q({ combinator: "and", conditions: [{ field: "industry", operator: "is", value: "software" }] })).toEqual(["Globex", "Hooli", "Initech"]);
    expect(await q({ combinator: "and", conditions: [{ field: "domain", operator: "is_empty" }] })).toEqual(["Initech"]);
    expect(await q({ combinator: "and", conditions: [{ field: "name", operator: "contains", value: "OO" }] })).toEqual(["Hooli"]);
    expect(await q({ combinator: "and", conditions: [{ field: `custom.${tier.id}`, operator: "any_of", value: ["gold"] }] })).toEqual(["Acme", "Umbrella"]);
    expect(await q({ combinator: "and", conditions: [{ field: `custom.${seats.id}`, operator: "gte", value: 40 }] })).toEqual(["Acme", "Globex"]);
    expect(await q({ combinator: "and", conditions: [{ field: "tags", operator: "all_of", value: ["vip", "partner"] }] })).toEqual(["Globex"]);
    expect(await q({ combinator: "and", conditions: [{ field: "tags", operator: "is_empty" }] })).toEqual(["Hooli", "Initech"]);
    expect(await q({ combinator: "and", conditions: [{ field: "size", operator: "none_of", value: ["5001+", "1001-5000"] }] })).toEqual([
      "Acme",
      "Initech",
      "Umbrella",
    ]);

    // Software AND (gold tier OR more than 30 seats), then the same as an OR of two groups.
    expect(
      await q({
        combinator: "and",
        conditions: [
          { field: "industry", operator: "is", value: "Software" },
          {
            combinator: "or",
            conditions: [
              { field: `custom.${tier.id}`, operator: "any_of", value: ["gold"] },
              { field: `custom.${seats.id}`, operator: "gt", value: 30 },
            ],
          },
        ],
      }),
    ).toEqual(["Globex"]);
    expect(
      await q({
        combinator: "or",
        conditions: [
          { combinator: "and", conditions: [{ field: "industry", operator: "is_empty" }] },
          { combinator: "and", conditions: [{ field: "tags", operator: "any_of", value: ["VIP"] }, { field: "name", operator: "starts_with", value: "a" }] },
        ],
      }),
    ).toEqual(["Acme", "Umbrella"]);

    // The count and the groups answer for the same filter.
    const software = { combinator: "and" as const, conditions: [{ field: "industry", operator: "is" as const, value: "Software" }] };
    expect(await api.records.count({ object: "company", filter: software })).toEqual({ count: 3 });
    const groups = await api.records.groups({ object: "company", groupBy: `custom.${tier.id}` });
    expect(groups).toEqual([
      { value: "gold", label: "Gold", count: 2 },
      { value: "silver", label: "Silver", count: 1 },
      { value: null, label: null, count: 2 },
    ]);
  });

  it("refuses a filter that does not fit its field with a sentence and a stable code", async () => {
    const { api, seats } = await salesWorkspace();
    const refused = (filter: ViewFilter) => api.records.query({ object: "company", filter });
    await expect(refused({ combinator: "and", conditions: [{ field: "shoeSize", operator: "is", value: "x" }] })).rejects.toMatchObject({
      message: "There is no field “shoeSize” on companies.",
      cause: { appCode: "view.unknown_field" },
    });
    await expect(refused({ combinator: "and", conditions: [{ field: `custom.${seats.id}`, operator: "gt", value: "many" }] })).rejects.toMatchObject({
      message: "Filter on “Seats”: enter a number.",
      cause: { appCode: "view.filter_invalid" },
    });
    await expect(refused({ combinator: "and", conditions: [{ field: "name", operator: "gt", value: 3 }] })).rejects.toMatchObject({
      cause: { appCode: "view.filter_invalid" },
    });
    await expect(refused({ combinator: "and", conditions: [{ field: "createdAt", operator: "before", value: "31/12/2026" }] })).rejects.toMatchObject({
      message: "Filter on “Created”: enter a date like 2026-12-31.",
    });
    await expect(refused({ combinator: "and", conditions: [{ field: "size", operator: "any_of", value: ["huge"] }] })).rejects.toMatchObject({
      message: "Filter on “Size”: choose values from the list.",
    });
    await expect(api.records.query({ object: "company", sorts: [{ field: "tags", direction: "asc" }] })).rejects.toMatchObject({
      cause: { appCode: "view.sort_invalid" },
    });
  });
});

describe("table views: sorting and pages", () => {
  it("sorts by several fields (empty values last) and pages through every row exactly once", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const industries = ["Software", "Retail", null, "Energy"];
    for (let i = 0; i < 37; i++) {
      await api.companies.create({ name: `Company ${String(i % 9).padStart(2, "0")}`, industry: industries[i % 4] ?? null });
    }
    const sorts: ViewSort[] = [
      { field: "industry", direction: "asc" },
      { field: "name", direction: "desc" },
    ];
    const whole = (await api.records.query({ object: "company", sorts, limit: 200 })).rows;
    const paged = await allPages(api, { object: "company", sorts, limit: 5 });
    expect(paged.map((r) => r.id)).toEqual(whole.map((r) => r.id));
    expect(new Set(paged.map((r) => r.id)).size).toBe(37);
    const keys = paged.map((r) => [r.values.industry, r.values.name] as [string | null, string]);
    const expected = [...keys].sort((a, b) => {
      if (a[0] !== b[0]) return a[0] === null ? 1 : b[0] === null ? -1 : a[0].localeCompare(b[0]);
      return b[1].localeCompare(a[1]);
    });
    expect(keys).toEqual(expected);

    // Descending with empty values, which then come first.
    const down = await allPages(api, { object: "company", sorts: [{ field: "industry", direction: "desc" }], limit: 4 });
    expect(down).toHaveLength(37);
    expect(down.slice(0, 9).every((r) => r.values.industry === null)).toBe(true);

    // A cursor is tied to its sort.
    const first = await api.records.query({ object: "company", sorts, limit: 5 });
    await expect(
      api.records.query({ object: "company", sorts: [{ field: "name", direction: "asc" }], cursor: first.nextCursor }),
    ).rejects.toMatchObject({ cause: { appCode: "view.cursor_invalid" } });
    await expect(api.records.query({ object: "company", cursor: "garbage" })).rejects.toMatchObject({ cause: { appCode: "view.cursor_invalid" } });
  });

  it("reads deals with their stage, company, contact and owner, grouped by stage in pipeline order", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const [pipeline] = await api.deals.pipelines();
    const [leadIn, qualified] = pipeline!.stages;
    const acme = await api.companies.create({ name: "Acme" });
    const ada = await api.contacts.create({ firstName: "Ada", lastName: "Lovelace", companyId: acme.id });
    await api.deals.create({ title: "Big one", amount: 5000, stageId: qualified!.id, companyId: acme.id, contactId: ada.id });
    await api.deals.create({ title: "Small one", amount: 100, stageId: leadIn!.id });
    await api.deals.create({ title: "Mid one", amount: 900, stageId: qualified!.id });

    const grouped = await api.records.query({ object: "deal", groupBy: "stage", sorts: [{ field: "amount", direction: "desc" }] });
    expect(grouped.rows.map((r) => r.values.title)).toEqual(["Small one", "Big one", "Mid one"]);
    expect(grouped.rows[1]!.values).toMatchObject({
      stage: qualified!.id,
      amount: 5000,
      probability: 25,
      company: { id: acme.id, label: "Acme" },
      contact: { id: ada.id, label: "Ada Lovelace" },
      owner: { id: owner.id, label: owner.name },
    });
    expect(await api.records.groups({ object: "deal", groupBy: "stage" })).toEqual([
      { value: leadIn!.id, label: "Lead in", count: 1 },
      { value: qualified!.id, label: "Qualified", count: 2 },
    ]);
    const mine = await api.records.query({
      object: "deal",
      filter: { combinator: "and", conditions: [{ field: "owner", operator: "any_of", value: ["me"] }, { field: "company", operator: "contains", value: "acm" }] },
    });
    expect(mine.rows.map((r) => r.values.title)).toEqual(["Big one"]);
  });
});

describe("table views: who sees what", () => {
  it("answers within the caller's workspace and permission, through tRPC and REST", async () => {
    const { api, owner, workspaceId } = await salesWorkspace();
    const other = await newWorkspace();
    expect((await callerAs(other.owner, other.workspaceId).records.query({ object: "company" })).rows).toEqual([]);
    await expect(callerAs(other.owner, workspaceId).records.query({ object: "company" })).rejects.toMatchObject({
      cause: { appCode: "workspace.not_member" },
    });
    const viewer = await addMember(workspaceId, "viewer");
    expect((await callerAs(viewer, workspaceId).records.query({ object: "company" })).rows).toHaveLength(5);

    const key = (await api.apiKeys.create({ name: "contacts only", access: "read", objects: ["contact"] })).token;
    const post = (path: string, body: unknown) =>
      fetch(`${base}/api/v1${path}`, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" }, body: JSON.stringify(body) });
    const refused = await post("/records/company/query", {});
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { data: { appCode: string } }).data.appCode).toBe("apikey.scope");

    const full = (await api.apiKeys.create({ name: "all", access: "read", objects: ["company", "contact"] })).token;
    const res = await fetch(`${base}/api/v1/records/company/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${full}`, "content-type": "application/json" },
      body: JSON.stringify({ filter: { combinator: "and", conditions: [{ field: "tags", operator: "any_of", value: ["vip"] }] }, sorts: [{ field: "name", direction: "desc" }], limit: 1 }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { rows: { values: { name: string } }[]; nextCursor: string };
    expect(body.rows.map((r) => r.values.name)).toEqual(["Globex"]);
    const next = await fetch(`${base}/api/v1/records/company/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${full}`, "content-type": "application/json" },
      body: JSON.stringify({ filter: { combinator: "and", conditions: [{ field: "tags", operator: "any_of", value: ["vip"] }] }, sorts: [{ field: "name", direction: "desc" }], limit: 1, cursor: body.nextCursor }),
    });
    expect(((await next.json()) as typeof body).rows.map((r) => r.values.name)).toEqual(["Acme"]);
    const bad = await fetch(`${base}/api/v1/records/company/query`, {
      method: "POST",
      headers: { authorization: `Bearer ${full}`, "content-type": "application/json" },
      body: JSON.stringify({ sorts: [{ field: "nope", direction: "asc" }] }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { data: { appCode: string }; message: string })).toMatchObject({ data: { appCode: "view.unknown_field" } });
    const fields = await fetch(`${base}/api/v1/records/company/fields`, { headers: { authorization: `Bearer ${full}` } });
    expect(((await fields.json()) as { key: string }[]).map((f) => f.key)).toEqual(expect.arrayContaining(["name", "tags", "owner"]));
    expect(owner.id).toBeTruthy();
  });
});

describe("saved views", () => {
  it("keeps private views to their owner and shares the rest; only the maker or an admin changes a shared view", async () => {
    const { api, workspaceId } = await salesWorkspace();
    const member = await addMember(workspaceId, "member");
    const viewer = await addMember(workspaceId, "viewer");
    const config = {
      columns: [{ field: "name", width: 240 }, { field: "tags" }],
      filter: { combinator: "and" as const, conditions: [{ field: "tags", operator: "any_of" as const, value: ["vip"] }] },
      sorts: [{ field: "name", direction: "asc" as const }],
      groupBy: null,
      search: null,
    };
    const mine = await callerAs(member, workspaceId).views.create({ object: "company", name: "My VIPs", config });
    const team = await callerAs(member, workspaceId).views.create({ object: "company", name: "Team VIPs", shared: true, config });
    expect((await api.views.list({ object: "company" })).map((v) => v.name)).toEqual(["Team VIPs"]);
    expect((await callerAs(member, workspaceId).views.list({ object: "company" })).map((v) => v.name)).toEqual(["My VIPs", "Team VIPs"]);
    expect(await callerAs(member, workspaceId).views.list({ object: "contact" })).toEqual([]);

    // A viewer keeps views of their own but cannot share one.
    await expect(callerAs(viewer, workspaceId).views.create({ object: "company", name: "Mine", shared: true, config })).rejects.toMatchObject({
      cause: { appCode: "view.share_denied" },
    });
    await callerAs(viewer, workspaceId).views.create({ object: "company", name: "Mine", config });
    await expect(callerAs(viewer, workspaceId).views.update({ id: team.id, name: "Hijacked" })).rejects.toMatchObject({
      cause: { appCode: "view.not_yours" },
    });
    await expect(callerAs(viewer, workspaceId).views.delete({ id: mine.id })).rejects.toMatchObject({ cause: { appCode: "view.not_found" } });
    // The owner of the workspace (an admin) may tidy a shared view.
    expect((await api.views.update({ id: team.id, name: "VIP accounts" })).name).toBe("VIP accounts");
    await api.views.delete({ id: team.id });
    expect((await callerAs(member, workspaceId).views.list({ object: "company" })).map((v) => v.name)).toEqual(["My VIPs"]);

    // What is saved is what the view runs.
    const [saved] = await callerAs(member, workspaceId).views.list({ object: "company" });
    expect(names((await api.records.query({ object: "company", filter: saved!.config.filter, sorts: saved!.config.sorts })).rows)).toEqual([
      "Acme",
      "Globex",
    ]);
    await expect(
      callerAs(member, workspaceId).views.create({ object: "company", name: " ", config }),
    ).rejects.toMatchObject({ message: expect.stringContaining("Give the view a name.") });
  });
});

describe("tags", () => {
  it("are lower-cased, suggested by use, and renamed or merged across records", async () => {
    const { api, workspaceId } = await salesWorkspace();
    await api.contacts.create({ firstName: "Ada", tags: [" VIP ", "vip", "Speaker"] });
    expect((await api.contacts.list({ search: "ada" }))[0]).toBeTruthy();
    expect(await api.tags.list({})).toEqual([
      { tag: "vip", count: 3 },
      { tag: "partner", count: 2 },
      { tag: "speaker", count: 1 },
    ]);
    await expect(api.contacts.create({ firstName: "Bob", tags: ["a,b"] })).rejects.toMatchObject({ message: expect.stringContaining("cannot contain a comma") });
    expect(await api.tags.rename({ from: "partner", to: "vip" })).toEqual({ changed: 2 });
    expect(await api.tags.list({ object: "company" })).toEqual([{ tag: "vip", count: 3 }]);
    const viewer = await addMember(workspaceId, "viewer");
    await expect(callerAs(viewer, workspaceId).tags.rename({ from: "vip", to: "v" })).rejects.toMatchObject({ cause: { appCode: "permission.denied" } });
  });
});
