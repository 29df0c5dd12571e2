import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImport } from "@/server/domain/imports/imports";
import { addMember, callerAs, newWorkspace, testDatabase } from "./helpers";
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
