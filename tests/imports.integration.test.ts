import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "@/server/domain/imports/imports";
import { addMember, appDatabase, callerAs, newWorkspace, testDatabase } from "./helpers";
import { sessionCookie, startApiServer } from "./api-server";

let base: string;
let close: () => Promise<unknown>;
beforeAll(async () => ({ base, close } = await startApiServer()));
afterAll(() => close());

const fixture = (name: string) => readFile(new URL(`./fixtures/${name}`, import.meta.url), "utf8");

/** What the worker does with the job the start queued. */
const work = (workspaceId: string, importId: string) => runImport(testDatabase().db, { workspaceId, importId });

async function contactsWorkspace() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const lastMet = await api.customFields.create({ object: "contact", label: "Last met", type: "date" });
  const score = await api.customFields.create({ object: "contact", label: "Score", type: "number" });
  const gia = await api.contacts.create({ firstName: "Gianna", lastName: "Romano", email: "gia@existing.example", title: "Intern" });
  return { owner, workspaceId, api, lastMet, score, gia };
}

describe("CSV import of a messy file", () => {
  it("reads the file, maps its columns, explains every bad row, and imports the rest in the background", async () => {
    const { owner, workspaceId, api, lastMet, score, gia } = await contactsWorkspace();

    // Uploaded over HTTP as a file, the way the browser sends it.
    const res = await fetch(`${base}/api/import/contacts?name=${encodeURIComponent("Trade show.csv")}`, {
      method: "POST",
      headers: { cookie: await sessionCookie(owner), "x-workspace-id": workspaceId, "content-type": "text/csv", origin: "http://localhost:3000" },
      body: await fixture("contacts-messy.csv"),
    });
    expect(res.status).toBe(200);
    const upload = (await res.json()) as { id: string; headers: string[]; delimiter: string; totalRows: number; mapping: Record<string, string>; sample: string[][] };
    expect(upload.delimiter).toBe(";");
    expect(upload.headers).toEqual(["First name", "Last name", "E-mail", "Company", "Lifecycle", "Job title", "Last met", "Score", "Tags"]);
    expect(upload.totalRows).toBe(8);
    expect(upload.sample[0]!.slice(0, 4)).toEqual(["Ada", "Moreno", "ada@acme.example", "Acme; Logistics, Inc."]);
    expect(upload.mapping).toEqual({
      0: "firstName",
      1: "lastName",
      2: "email",
      3: "company",
      4: "lifecycleStage",
      5: "title",
      6: `custom.${lastMet.id}`,
      7: `custom.${score.id}`,
      8: "tags",
    });

    const plan = { id: upload.id, mapping: upload.mapping, options: { onDuplicate: "update" as const, dateOrder: "auto" as const } };
    const preview = await api.imports.preview(plan);
    expect(preview).toMatchObject({ totalRows: 8, toCreate: 3, toUpdate: 1, toSkip: 0, invalid: 4, duplicates: 1, dateOrder: "dmy" });
    expect(preview.errors).toEqual([
      { row: 4, messages: ["Column “First name”: First name is required."] },
      { row: 5, messages: [expect.stringMatching(/^Column “Lifecycle”: “Hot” is not a lifecycle stage here\. Use one of: Subscriber, Lead/)] },
      { row: 6, messages: ["Column “Score”: “abc” is not a number.", "Column “E-mail”: Enter a valid email address."] },
      { row: 8, messages: [expect.stringContaining("Column “Last met”: “32/13/2026” is not a date")] },
    ]);

    const started = await api.imports.start(plan);
    expect(started.status).toBe("queued");
    await expect(api.imports.start(plan)).rejects.toMatchObject({ cause: { appCode: "import.already_started" } });
    await work(workspaceId, upload.id);
    expect(await api.imports.get({ id: upload.id })).toMatchObject({ status: "done", processedRows: 8, created: 3, updated: 1, skipped: 0, failed: 4 });

    const people = await api.records.query({ object: "contact", sorts: [{ field: "name", direction: "asc" }] });
    const byEmail = new Map(people.rows.map((r) => [r.values.email, r.values]));
    expect(byEmail.get("ada@acme.example")).toMatchObject({
      title: "Head of\nOperations",
      lifecycleStage: "customer",
      company: { label: "Acme; Logistics, Inc." },
      tags: ["vip", "logistics"],
    });
    const ada = await api.contacts.get({ id: people.rows.find((r) => r.values.email === "ada@acme.example")!.id });
    expect(ada.custom).toEqual({ [lastMet.id]: "2026-03-14", [score.id]: 1200 });
    expect(byEmail.get("ben@globex.example")).toMatchObject({ lifecycleStage: "customer", company: { label: "Globex" } });
    expect(byEmail.get("eva@stark.example")).toMatchObject({ firstName: 'Eva "Evie"' });
    expect((await api.contacts.get({ id: gia.id })).custom).toEqual({ [lastMet.id]: "2026-03-03" });
    expect(await api.contacts.get({ id: gia.id })).toMatchObject({ firstName: "Gia", title: "Buyer", lifecycleStage: "lead" });
    // Globex was created once for Ben and found again for no one else; Acme's name kept its comma and semicolon.
    expect((await api.companies.list({})).map((c) => c.name).sort()).toEqual(["Acme; Logistics, Inc.", "Globex", "Stark"]);

    // The error report: the failed rows as they were, with why.
    const report = await fetch(`${base}/api/import/${upload.id}/errors.csv`, { headers: { cookie: await sessionCookie(owner), "x-workspace-id": workspaceId } });
    expect(report.status).toBe(200);
    const lines = (await report.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines[0]).toBe("Row,Error,First name,Last name,E-mail,Company,Lifecycle,Job title,Last met,Score,Tags");
    expect(lines).toHaveLength(5);
    expect(lines[3]).toContain('6,Column “Score”: “abc” is not a number. Column “E-mail”: Enter a valid email address.,Dev,Patel,not-an-email');

    // The next file with these columns maps itself the same way.
    const again = await api.imports.create({ object: "contact", fileName: "again.csv", content: await fixture("contacts-messy.csv") });
    expect(again.mapping).toEqual(upload.mapping);

    // Undo: created people to the trash, Gia back as she was.
    const undone = await api.imports.undo({ id: upload.id });
    // …and the companies it made for them (Acme; Logistics, Inc., Globex and Stark).
    expect(undone).toEqual({ removed: 3, restored: 1, companiesRemoved: 3 });
    expect(await api.companies.list({})).toEqual([]);
    expect(await api.contacts.get({ id: gia.id })).toMatchObject({ firstName: "Gianna", title: "Intern", lifecycleStage: null, custom: {} });
    expect((await api.records.count({ object: "contact" })).count).toBe(1);
    expect((await api.trash.list()).filter((t) => t.type === "contact")).toHaveLength(3);
    await expect(api.imports.undo({ id: upload.id })).rejects.toMatchObject({ cause: { appCode: "import.not_finished" } });
  });

  it("reads tab-separated files, skips duplicates when asked, and refuses files it cannot read", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    await api.companies.create({ name: "Waveform Audio", domain: "waveform.example" });
    const upload = await api.imports.create({ object: "company", fileName: "companies.tsv", content: await fixture("companies.tsv") });
    expect(upload.delimiter).toBe("\t");
    expect(upload.mapping).toEqual({ 0: "name", 1: "domain", 2: "industry", 3: "size" });
    const plan = { id: upload.id, mapping: upload.mapping, options: { onDuplicate: "skip" as const, dateOrder: "auto" as const } };
    const preview = await api.imports.preview(plan);
    expect(preview).toMatchObject({ toCreate: 1, toSkip: 1, invalid: 2 });
    expect(preview.errors.map((e) => e.row)).toEqual([4, 5]);
    expect(preview.errors[1]!.messages).toEqual([
      "Column “Employees”: “10-20” is not a size here. Use one of: 1-10, 11-50, 51-200, 201-1000, 1001-5000, 5001+.",
      "Column “Domain”: Enter a domain like example.com.",
    ]);
    await api.imports.start(plan);
    await work(workspaceId, upload.id);
    expect(await api.imports.get({ id: upload.id })).toMatchObject({ status: "done", created: 1, skipped: 1, failed: 2 });
    expect((await api.companies.list({})).map((c) => c.name).sort()).toEqual(["Tab, Inc.", "Waveform Audio"]);

    await expect(api.imports.create({ object: "company", fileName: "x.csv", content: "\uFEFF" })).rejects.toMatchObject({ cause: { appCode: "import.empty" } });
    await expect(api.imports.create({ object: "company", fileName: "x.csv", content: "Name,Domain\n" })).rejects.toMatchObject({ cause: { appCode: "import.no_rows" } });
    await expect(api.imports.create({ object: "company", fileName: "x.csv", content: 'Name,Domain\n"Open quote,x.com\n' })).rejects.toMatchObject({
      cause: { appCode: "import.unreadable" },
      message: expect.stringContaining("could not be read as CSV"),
    });
    const noName = await api.imports.create({ object: "company", fileName: "x.csv", content: "Domain\nx.com\n" });
    await expect(api.imports.preview({ id: noName.id, mapping: noName.mapping, options: plan.options })).rejects.toMatchObject({
      message: "Map a column to “Name”: every company needs one.",
    });
  });

  it("is for people who may add records, in their own workspace only", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const viewer = await addMember(workspaceId, "viewer");
    const content = "Name\nAcme\n";
    await expect(callerAs(viewer, workspaceId).imports.create({ object: "company", fileName: "x.csv", content })).rejects.toMatchObject({
      cause: { appCode: "permission.denied" },
    });
    const mine = await callerAs(owner, workspaceId).imports.create({ object: "company", fileName: "x.csv", content });
    const other = await newWorkspace();
    await expect(callerAs(other.owner, other.workspaceId).imports.get({ id: mine.id })).rejects.toMatchObject({ cause: { appCode: "import.not_found" } });
    // A form on another site cannot post a file on someone's behalf: refused for where it came
    // from, and, from this site too, for being a form's content type rather than a file's.
    const post = async (origin: string) =>
      fetch(`${base}/api/import/companies`, {
        method: "POST",
        headers: { cookie: await sessionCookie(owner), "x-workspace-id": workspaceId, "content-type": "text/plain", origin },
        body: content,
      });
    const forged = await post("https://evil.example");
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: "csrf.origin" });
    expect((await post("http://localhost:3000")).status).toBe(415);
  });
});

describe("CSV import of rows that meet twice", () => {
  it("treats a later row of the file like the record an earlier row made, and undo gives back the very first values", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const zoe = await api.contacts.create({ firstName: "Zoe", email: "zoe@x.example", title: "Analyst" });
    const content = [
      "First name,Email,Title",
      "Max,max@x.example,Buyer",
      "",
      "Max,MAX@x.example,Head buyer",
      "Zoe,zoe@x.example,Lead analyst",
      "Zoe,zoe@x.example,Principal",
      ",nobody@x.example,Nobody",
    ].join("\n");
    const upload = await api.imports.create({ object: "contact", fileName: "twice.csv", content });
    const plan = { id: upload.id, mapping: upload.mapping, options: { onDuplicate: "update" as const, dateOrder: "auto" as const } };
    const preview = await api.imports.preview(plan);
    expect(preview).toMatchObject({ totalRows: 5, toCreate: 1, toUpdate: 3, duplicates: 3, invalid: 1 });
    // Row numbers are the file's, the blank line included.
    expect(preview.errors).toEqual([{ row: 7, messages: ["Column “First name”: First name is required."] }]);
    await api.imports.start(plan);
    await work(workspaceId, upload.id);
    expect(await api.imports.get({ id: upload.id })).toMatchObject({ status: "done", created: 1, updated: 3, failed: 1 });
    const people = (await api.records.query({ object: "contact", sorts: [{ field: "name", direction: "asc" }] })).rows.map((r) => [r.values.name, r.values.title]);
    expect(people).toEqual([
      ["Max", "Head buyer"],
      ["Zoe", "Principal"],
    ]);
    await api.imports.undo({ id: upload.id });
    expect(await api.contacts.get({ id: zoe.id })).toMatchObject({ title: "Analyst" });
    expect((await api.records.count({ object: "contact" })).count).toBe(1);
  });
});

describe("CSV import of many rows at once", () => {
  /** Uploaded, started and run by the worker; the import as its page shows it after. */
  async function imported(api: ReturnType<typeof callerAs>, workspaceId: string, object: "contact" | "deal" | "lead", content: string, onDuplicate: "skip" | "update" | "create" = "skip") {
    const upload = await api.imports.create({ object, fileName: `${object}s.csv`, content });
    await api.imports.start({ id: upload.id, mapping: upload.mapping, options: { onDuplicate, dateOrder: "auto" } });
    await work(workspaceId, upload.id);
    return api.imports.get({ id: upload.id });
  }

  it("creates every row of a long file as row by row would: values, custom fields, tags, companies made once, timeline, audit and search, and undo takes it all back", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const score = await api.customFields.create({ object: "contact", label: "Score", type: "number" });
    const tier = await api.customFields.create({
      object: "contact",
      label: "Tier",
      type: "select",
      options: { choices: [{ id: "gold", label: "Gold" }, { id: "silver", label: "Silver" }] },
    });
    const initech = await api.companies.create({ name: "Initech" });
    await api.contacts.create({ firstName: "Dana", email: "dana@existing.example" });

    // Three batches of rows; the companies named again and again, one of them there already.
    const names = ["Acme", "Globex", "initech", "Umbrella", "Hooli"];
    const rows = Array.from({ length: 250 }, (_, i) => ({
      first: `Person${i}`,
      email: `p${i}@bulk.example`,
      company: names[i % 5]!,
      score: String(i),
      tier: i % 2 ? "Silver" : "gold",
      tags: i % 2 ? "" : "VIP, bulk",
    }));
    rows[10]!.email = "DANA@existing.example"; // an existing person: skipped
    rows[60]!.email = "P20@bulk.example"; // a person of an earlier row of the same batch: skipped
    rows[150]!.email = "p40@BULK.example"; // …of an earlier batch: skipped
    Object.assign(rows[70]!, { first: "", company: "Wayne Enterprises" }); // refused before writing: no company for it
    rows[200]!.score = "abc";
    rows[120]!.company = "Stark"; // named once, in the second batch
    const content = ["First name,Last name,Email,Company,Score,Tier,Tags", ...rows.map((r) => `${r.first},Bulk,${r.email},${r.company},${r.score},${r.tier},"${r.tags}"`)].join("\n");

    const analyzedBefore = new Date();
    // What the table held, as the planner knew it: statistics are brought up to date after an
    // import that wrote 50 rows and a tenth of it (autovacuum's own rule), not after a small one.
    const [{ estimate } = { estimate: 0 }] = await testDatabase().sql<{ estimate: number }[]>`select greatest(reltuples, 0)::float8 as estimate from pg_class where oid = 'contacts'::regclass`;
    const imp = await imported(api, workspaceId, "contact", content);
    expect(imp).toMatchObject({ status: "done", processedRows: 250, created: 245, updated: 0, skipped: 3, failed: 2 });

    const companies = await api.companies.list({ limit: 50 });
    expect(companies.map((c) => c.name).sort()).toEqual(["Acme", "Globex", "Hooli", "Initech", "Stark", "Umbrella"]);
    const made = new Map(companies.map((c) => [c.name.toLowerCase(), c.id]));
    const createdRows = rows.filter((_, i) => ![10, 60, 150, 70, 200].includes(i));
    for (const c of companies) {
      const people = (await api.companies.get({ id: c.id })).contacts;
      expect(people, c.name).toHaveLength(createdRows.filter((r) => r.company.toLowerCase() === c.name.toLowerCase()).length);
    }
    expect((await api.records.count({ object: "contact" })).count).toBe(246);

    const person = async (first: string) => api.contacts.get({ id: (await api.search.global({ q: first })).find((h) => h.title === `${first} Bulk`)!.id });
    const p42 = await person("Person42");
    expect(p42).toMatchObject({
      firstName: "Person42",
      lastName: "Bulk",
      email: "p42@bulk.example",
      emails: [{ value: "p42@bulk.example", label: "work" }],
      companyId: made.get("initech"),
      custom: { [score.id]: 42, [tier.id]: "gold" },
      tags: ["vip", "bulk"],
      ownerId: owner.id,
    });
    expect(p42.companyId).toBe(initech.id);
    expect(await person("Person121")).toMatchObject({ companyId: made.get("globex"), custom: { [score.id]: 121, [tier.id]: "silver" }, tags: [] });
    expect(await person("Person120")).toMatchObject({ companyId: made.get("stark") });
    const timeline = await api.timeline.list({ recordType: "contact", recordId: p42.id, limit: 10 });
    expect(timeline.items.map((e) => [e.kind, e.data])).toEqual([["created", { name: "Person42 Bulk" }]]);
    const stark = await api.timeline.list({ recordType: "company", recordId: made.get("stark")!, limit: 10 });
    expect(stark.items.map((e) => [e.kind, e.data])).toEqual([["created", { name: "Stark" }]]);

    // Every record in the audit log, the chain intact.
    const audited = async (action: string) => (await api.audit.list({ action, limit: 1000 })).items;
    expect(await audited("contact.insert")).toHaveLength(246);
    expect((await audited("company.insert")).map((e) => (e.after as { name: string }).name).sort()).toEqual(["Acme", "Globex", "Hooli", "Initech", "Stark", "Umbrella"]);
    expect((await audited("contact.insert")).find((e) => e.objectId === p42.id)).toMatchObject({ actorId: owner.id, after: { first_name: "Person42", company_id: initech.id } });
    expect(await api.audit.verify()).toEqual({ checked: expect.any(Number), brokenAt: null });

    // The planner's statistics of the table were brought up to date at the end (245 contacts written).
    const [stats] = await testDatabase().sql<{ fresh: boolean }[]>`
      select coalesce(last_analyze >= ${analyzedBefore.toISOString()}::timestamptz, false) as fresh from pg_stat_user_tables where relname = 'contacts'`;
    expect(stats).toEqual({ fresh: 245 >= 50 + 0.1 * estimate });

    expect(await api.imports.undo({ id: imp.id })).toEqual({ removed: 245, restored: 0, companiesRemoved: 5 });
    expect((await api.companies.list({})).map((c) => c.name)).toEqual(["Initech"]);
    expect((await api.records.count({ object: "contact" })).count).toBe(1);
  });
  it("lets the application bring a record table's statistics up to date after a large change only, and for record tables only", async () => {
    const { sql: app } = appDatabase();
    const { sql: owner } = testDatabase();
    const lastAnalyze = async () =>
      (await owner<{ at: number }[]>`select coalesce(extract(epoch from last_analyze), 0)::float8 as at from pg_stat_user_tables where relname = 'leads'`)[0]!.at;
    const before = await lastAnalyze();
    // A few rows: left to autovacuum.
    expect(await app`select analyze_records('lead', 10) as analyzed`).toEqual([{ analyzed: false }]);
    expect(await lastAnalyze()).toEqual(before);
    // More than a tenth of the table: analyzed now, as the application's role, which owns no table.
    expect(await app`select analyze_records('lead', 1000000) as analyzed`).toEqual([{ analyzed: true }]);
    expect(await lastAnalyze()).toBeGreaterThan(before);
    // Nothing else: the name is never used as given.
    await expect(app`select analyze_records('users', 1000000)`).rejects.toThrow('There is no record table for "users".');
    const analyzed = await lastAnalyze();
    await app`analyze leads`; // the application's role itself may not: a warning, nothing done
    expect(await lastAnalyze()).toEqual(analyzed);
  });

  it("writes the rest of a batch when the database refuses one of its rows, which fails alone with nothing of it left", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    // An address every check lets through but too long for the database's indexes.
    const tooLong = `${[...randomBytes(3000)].map((b) => String.fromCharCode(97 + (b % 26))).join("")}@refused.example`;
    const content = [
      "First name,Email,Company",
      "Ann,ann@ok.example,Acme",
      "Bob,bob@ok.example,Acme",
      `Cat,${tooLong},Shared Co`,
      "Dan,dan@ok.example,Shared Co",
      "Eve,eve@ok.example,",
      "Fay,fay@ok.example,Fay's Own",
    ].join("\n");
    const imp = await imported(api, workspaceId, "contact", content);
    expect(imp).toMatchObject({ status: "done", created: 5, failed: 1, skipped: 0 });

    const report = await fetch(`${base}/api/import/${imp.id}/errors.csv`, { headers: { cookie: await sessionCookie(owner), "x-workspace-id": workspaceId } });
    const lines = (await report.text()).replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^4,This row could not be saved\.,Cat,/);

    // Shared Co made once, for Dan: the one Cat's row made went with it.
    const companies = await api.companies.list({});
    expect(companies.map((c) => c.name).sort()).toEqual(["Acme", "Fay's Own", "Shared Co"]);
    const people = (await api.records.query({ object: "contact", sorts: [{ field: "name", direction: "asc" }] })).rows;
    expect(people.map((p) => [p.values.name, (p.values.company as { label: string } | null)?.label ?? null])).toEqual([
      ["Ann", "Acme"],
      ["Bob", "Acme"],
      ["Dan", "Shared Co"],
      ["Eve", null],
      ["Fay", "Fay's Own"],
    ]);
    expect((await api.audit.list({ action: "contact.insert" })).items).toHaveLength(5);

    expect(await api.imports.undo({ id: imp.id })).toEqual({ removed: 5, restored: 0, companiesRemoved: 3 });
    expect(await api.companies.list({})).toEqual([]);
    expect((await api.records.count({ object: "contact" })).count).toBe(0);
  });

  it("links deals to their contact by email and their company by name, looked up for the whole batch", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const ann = await api.contacts.create({ firstName: "Ann", email: "ann@deals.example" });
    const acme = await api.companies.create({ name: "Acme" });
    const stages = (await api.deals.pipelines())[0]!.stages;
    const content = [
      "Title,Amount,Stage,Company,Contact",
      `Renewal,"1,000",${stages[1]!.name},acme,ANN@deals.example`,
      `Upsell,2000,,Beta,ann@deals.example`,
      `Ghost,3000,,Nobody Co,nobody@deals.example`,
      `Pilot,,,Beta,`,
    ].join("\n");
    const imp = await imported(api, workspaceId, "deal", content);
    expect(imp).toMatchObject({ status: "done", created: 3, failed: 1 });

    const deals = await api.deals.list({});
    const byTitle = new Map(deals.map((d) => [d.title, d]));
    const beta = (await api.companies.list({})).find((c) => c.name === "Beta")!;
    expect(byTitle.get("Renewal")).toMatchObject({ amount: 1000, stageId: stages[1]!.id, companyId: acme.id, contactId: ann.id });
    expect(byTitle.get("Upsell")).toMatchObject({ stageId: stages[0]!.id, companyId: beta.id, contactId: ann.id });
    expect(byTitle.get("Pilot")).toMatchObject({ companyId: beta.id, contactId: null });
    expect(byTitle.has("Ghost")).toBe(false);
    // Nobody Co was not made for the row that failed.
    expect((await api.companies.list({})).map((c) => c.name).sort()).toEqual(["Acme", "Beta"]);
    const timeline = await api.timeline.list({ recordType: "deal", recordId: byTitle.get("Renewal")!.id, limit: 10 });
    expect(timeline.items.map((e) => [e.kind, e.data])).toEqual([["created", { title: "Renewal", stage: stages[1]!.name }]]);

    const report = await fetch(`${base}/api/import/${imp.id}/errors.csv`, { headers: { cookie: await sessionCookie(owner), "x-workspace-id": workspaceId } });
    expect((await report.text()).trim().split(/\r?\n/)[1]).toMatch(/^4,There is no contact with the email nobody@deals\.example\.,Ghost/);

    expect(await api.imports.undo({ id: imp.id })).toEqual({ removed: 3, restored: 0, companiesRemoved: 1 });
    expect((await api.companies.list({})).map((c) => c.name)).toEqual(["Acme"]);
  });

  it("gives imported leads their status as an update after they are created, as by hand", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const content = ["First name,Email,Company,Status,Source", "Lia,lia@leads.example,Lia Co,Contacted,Referral", "Max,max@leads.example,,New,", "Noa,noa@leads.example,Noa Co,,Website"].join("\n");
    const imp = await imported(api, workspaceId, "lead", content);
    expect(imp).toMatchObject({ status: "done", created: 3, failed: 0 });
    const leads = new Map((await api.leads.list({})).map((l) => [l.firstName, l]));
    expect(leads.get("Lia")).toMatchObject({ status: "contacted", companyName: "Lia Co", source: "referral" });
    expect(leads.get("Max")).toMatchObject({ status: "new" });
    expect(leads.get("Noa")).toMatchObject({ status: "new", source: "website" });
    const lia = await api.timeline.list({ recordType: "lead", recordId: leads.get("Lia")!.id, limit: 10 });
    // Both in the batch's transaction, at one time.
    expect(lia.items.map((e) => e.kind).sort()).toEqual(["created", "fields_changed"]);
    expect((await api.audit.list({ action: "lead." })).items.map((e) => e.action).sort()).toEqual(["lead.insert", "lead.insert", "lead.insert", "lead.update"]);
    // No company is made for a lead: its company is a name until it is converted.
    expect(await api.companies.list({})).toEqual([]);
  });
});
