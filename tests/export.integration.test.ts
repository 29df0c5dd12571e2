import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerAs, newWorkspace } from "./helpers";
import { sessionCookie, startApiServer } from "./api-server";

let base: string;
let close: () => Promise<unknown>;
beforeAll(async () => ({ base, close } = await startApiServer()));
afterAll(() => close());

/** The rows of a CSV response, after checking it starts with the UTF-8 byte order mark. */
async function csvOf(res: Response) {
  const bytes = new Uint8Array(await res.arrayBuffer());
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  // csv-parse: what an importer (or a spreadsheet) reads back.
  return parse(new TextDecoder().decode(bytes), { relaxQuotes: false }) as string[][];
}

describe("CSV export", () => {
  it("exports the records matching a search, with custom fields by label and awkward text intact", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const tier = await api.customFields.create({ object: "contact", label: "Tier", type: "select", options: { choices: [{ id: "g", label: "Gold" }] } });
    await api.contacts.create({ firstName: "Zoë", lastName: 'O"Neil, Jr.', title: "Head of\nSales", custom: { [tier.id]: "g" } });
    await api.contacts.create({ firstName: "Other", lastName: "Person" });

    const res = await fetch(`${base}/api/export/contacts.csv?search=neil`, { headers: { cookie: await sessionCookie(owner) } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="contacts-\d{4}-\d{2}-\d{2}\.csv"$/);
    const [header, ...rows] = await csvOf(res);
    expect(header).toEqual(["First name", "Last name", "Email", "Phone", "Title", "Company", "Lifecycle stage", "Created", "Tier"]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.slice(0, 2)).toEqual(["Zoë", 'O"Neil, Jr.']);
    expect(rows[0]![4]).toBe("Head of\nSales");
    expect(rows[0]![8]).toBe("Gold");
  });

  it("exports every page of a large list", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    for (let i = 0; i < 30; i++) await api.companies.create({ name: `Company ${i}` });
    const page = await api.exports.page({ object: "company", size: 7 });
    expect(page.rows).toHaveLength(7);
    expect(page.next).not.toBeNull();
    const res = await fetch(`${base}/api/export/companies.csv`, { headers: { cookie: await sessionCookie(owner) } });
    expect(await csvOf(res)).toHaveLength(31);
  });

  it("checks who is asking, like every other door", async () => {
    const a = await newWorkspace();
    await callerAs(a.owner, a.workspaceId).deals.pipelines();
    await callerAs(a.owner, a.workspaceId).companies.create({ name: "A only" });
    const b = await newWorkspace();
    const anonymous = await fetch(`${base}/api/export/companies.csv`);
    expect(anonymous.status).toBe(401);
    const asB = await fetch(`${base}/api/export/companies.csv`, { headers: { cookie: await sessionCookie(b.owner), "x-workspace-id": a.workspaceId } });
    expect(asB.status).toBe(403);
    const bOwn = await fetch(`${base}/api/export/companies.csv`, { headers: { cookie: await sessionCookie(b.owner) } });
    expect(await csvOf(bOwn)).toEqual([["Name", "Domain", "Industry", "Size", "Created"]]); // the header only
    const key = (await callerAs(a.owner, a.workspaceId).apiKeys.create({ name: "k", access: "read", objects: ["contact"] })).token;
    const scoped = await fetch(`${base}/api/export/companies.csv`, { headers: { authorization: `Bearer ${key}` } });
    expect(scoped.status).toBe(403);
    expect(((await scoped.json()) as { appCode: string }).appCode).toBe("apikey.scope");
    expect((await fetch(`${base}/api/export/widgets.csv`, { headers: { cookie: await sessionCookie(b.owner) } })).status).toBe(404);
  });
});
