/**
 * CSV import, as a user goes through it: upload (the file is read and its columns matched to
 * fields, remembering the last mapping), preview (every row checked, per-row messages, what
 * matches an existing record), run (a background job, in batches, counted as it goes), the error
 * report, and undo.
 */
import { and, desc, eq, getTableColumns, inArray, isNull, sql } from "drizzle-orm";
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { inWorkspace, type Db, type Tx } from "@/server/db/client";
import { recordTables } from "@/server/db/record-tables";
import { companies, contacts, importMappings, importRows, imports, pipelineStages, pipelines } from "@/server/db/schema";
import { AppError, notFound } from "@/shared/errors";
import { importFields, type ImportOptions } from "@/shared/imports";
import { can, type RecordObject } from "@/shared/permissions";
import { recordLabels } from "@/shared/record-labels";
import { createCompanyInput, createContactInput, createDealInput, createLeadInput, updateCompanyInput, updateContactInput, updateDealInput, updateLeadInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { createCompanies, createCompany, updateCompany } from "../companies/companies";
import { createContact, createContacts, updateContact } from "../contacts/contacts";
import { listCustomFields, mergeCustom, prepareCustomValues } from "../custom-fields/custom-fields";
import { createDeal, createDeals, updateDeal } from "../deals/deals";
import { addJob } from "../jobs/add-job";
import { createLead, createLeads, updateLead } from "../leads/leads";
import { actAs, findMembership, listMembers } from "../workspaces/memberships";
import { convertRow, detectDateOrder, kindOfBuiltIn, type ConvertContext, type Converted, type Target } from "./convert";
import { MAX_IMPORT_BYTES, parseCsv } from "./parse";
import { textArray } from "@/server/db/sql-values";

export type Import = typeof imports.$inferSelect;

const scope = (ctx: Pick<WorkspaceCtx, "workspaceId">, id: string) => and(eq(imports.workspaceId, ctx.workspaceId), eq(imports.id, id));

/** Every column of an import but the file itself. */
const { content: _file, ...importColumns } = getTableColumns(imports);
void _file;

/** The fields a column can fill: built-in, then custom (relations are linked by hand). */
export async function importTargets(ctx: WorkspaceCtx, object: RecordObject) {
  const custom = (await listCustomFields(ctx, object)).filter((f) => f.type !== "relation");
  return [
    ...importFields[object].map((f) => ({ key: f.key, label: f.label, required: !!f.required, aliases: f.aliases })),
    ...custom.map((f) => ({ key: `custom.${f.id}`, label: f.label, required: f.required, aliases: [f.label.toLowerCase()] })),
  ];
}

/** Columns matched to fields: by the mapping remembered for these column names, else by name. */
async function suggestMapping(ctx: WorkspaceCtx, object: RecordObject, headers: string[]) {
  const targets = await importTargets(ctx, object);
  const [remembered] = await ctx.db
    .select()
    .from(importMappings)
    .where(and(eq(importMappings.workspaceId, ctx.workspaceId), eq(importMappings.object, object)))
    .limit(1);
  const mapping: Record<string, string> = {};
  const used = new Set<string>();
  headers.forEach((h, i) => {
    const name = h.trim().toLowerCase();
    const known = remembered?.columns[name];
    const target =
      (known && targets.some((t) => t.key === known) ? known : undefined) ??
      targets.find((t) => t.label.toLowerCase() === name || t.aliases.includes(name))?.key;
    if (target && !used.has(target)) {
      mapping[String(i)] = target;
      used.add(target);
    }
  });
  return mapping;
}

export async function createImport(ctx: WorkspaceCtx, input: { object: RecordObject; fileName: string; content: string }) {
  if (Buffer.byteLength(input.content) > MAX_IMPORT_BYTES) {
    throw new AppError("INVALID", "import.too_large", "The file is larger than 20 MB. Split it into smaller files.");
  }
  const file = parseCsv(input.content);
  if (file.rows.length === 0) throw new AppError("INVALID", "import.no_rows", "The file has a header line but no rows to import.");
  const mapping = await suggestMapping(ctx, input.object, file.headers);
  const [row] = await ctx.db
    .insert(imports)
    .values({
      workspaceId: ctx.workspaceId,
      object: input.object,
      fileName: input.fileName,
      content: input.content.replace(/^\uFEFF/, ""),
      headers: file.headers,
      delimiter: file.delimiter,
      totalRows: file.rows.length,
      mapping,
      createdBy: ctx.userId,
    })
    .returning();
  return summary(row!, file.rows.slice(0, 5).map((r) => r.cells));
}

function summary(imp: Import, sample: string[][] = []) {
  // The file itself stays on the server.
  const rest: Partial<Import> = { ...imp };
  delete rest.content;
  return { ...(rest as Omit<Import, "content">), sample };
}

/** An import and the first rows of its file (read from the file's start only: polled while it runs). */
export async function getImport(ctx: WorkspaceCtx, id: string) {
  const [imp] = await ctx.db
    .select({ ...importColumns, head: sql<string>`substring(${imports.content} from 1 for 65536)` })
    .from(imports)
    .where(scope(ctx, id))
    .limit(1);
  if (!imp) throw notFound("import");
  const { head, ...rest } = imp;
  return { ...rest, sample: sampleOf(head, imp.delimiter) };
}

function sampleOf(head: string, delimiter: string): string[][] {
  try {
    return (parse(head, { delimiter, relax_column_count: true, relax_quotes: true, to_line: 12 }) as string[][]).slice(1, 6);
  } catch {
    return [];
  }
}

export async function listImports(ctx: WorkspaceCtx, object: RecordObject) {
  const rows = await ctx.db
    .select()
    .from(imports)
    .where(and(eq(imports.workspaceId, ctx.workspaceId), eq(imports.object, object)))
    .orderBy(desc(imports.createdAt))
    .limit(20);
  return rows.map((r) => summary(r));
}

// Checking rows -------------------------------------------------------------------------------

interface Prepared {
  row: number;
  converted: Converted;
  /** The existing record this row matches, if any. */
  duplicateId: string | null;
  /** Its key (email, domain, title): a later row of the same file with it matches this one. */
  key: string | null;
  /** An earlier row of the file with the same key (when no existing record matches). */
  sameAsRow?: number;
  stageId?: string;
}

async function targetsOf(ctx: WorkspaceCtx, object: RecordObject, mapping: Record<string, string>, headers: string[]) {
  const custom = await listCustomFields(ctx, object);
  const known = new Map((await importTargets(ctx, object)).map((t) => [t.key, t]));
  const targets = new Map<number, Target>();
  const seen = new Set<string>();
  for (const [col, key] of Object.entries(mapping)) {
    const index = Number(col);
    if (index >= headers.length) throw new AppError("INVALID", "import.bad_mapping", `The file has no column ${index + 1}.`);
    const t = known.get(key);
    if (!t) throw new AppError("INVALID", "import.bad_mapping", `“${key}” is not a field ${recordLabels[object].plural.toLowerCase()} can import.`);
    if (seen.has(key)) throw new AppError("INVALID", "import.bad_mapping", `Two columns are mapped to “${t.label}”; map each field once.`);
    seen.add(key);
    if (key.startsWith("custom.")) {
      const field = custom.find((f) => `custom.${f.id}` === key)!;
      targets.set(index, { key, label: t.label, source: "custom", field });
    } else {
      targets.set(index, { key, label: t.label, source: "builtin", kind: kindOfBuiltIn(key) });
    }
  }
  const missing = [...known.values()].filter((t) => t.required && !seen.has(t.key) && !t.key.startsWith("custom."));
  if (missing.length) {
    throw new AppError("INVALID", "import.required_unmapped", `Map a column to “${missing[0]!.label}”: every ${recordLabels[object].singular.toLowerCase()} needs one.`);
  }
  return targets;
}

/** Which key finds an existing record: the email of a person, the domain (or name) of a company, the title of a deal. */
function duplicateKey(object: RecordObject, values: Record<string, unknown>): string | null {
  const s = (v: unknown) => (typeof v === "string" && v.trim() ? v.trim().toLowerCase() : null);
  if (object === "contact" || object === "lead") return s(values.email);
  if (object === "company") return s(values.domain) ?? (s(values.name) ? `name:${s(values.name)}` : null);
  return s(values.title);
}

async function findDuplicates(ctx: WorkspaceCtx, object: RecordObject, keys: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const t = recordTables[object];
  for (let i = 0; i < keys.length; i += 1000) {
    const list = textArray(keys.slice(i, i + 1000));
    const live = and(eq(t.workspaceId, ctx.workspaceId), isNull(t.deletedAt));
    if (object === "company") {
      // A company matches on its domain, or on its name.
      const rows = await ctx.db
        .select({ id: companies.id, domain: sql<string | null>`lower(${companies.domain})`, name: sql<string>`'name:' || lower(${companies.name})` })
        .from(companies)
        .where(and(live, sql`(lower(${companies.domain}) = any(${list}) or 'name:' || lower(${companies.name}) = any(${list}))`));
      for (const r of rows) for (const k of [r.domain, r.name]) if (k && !found.has(k)) found.set(k, r.id);
    } else {
      const column = object === "deal" ? recordTables.deal.title : (t as typeof contacts).email;
      const rows = await ctx.db
        .select({ id: t.id, key: sql<string>`lower(${column})` })
        .from(t)
        .where(and(live, sql`lower(${column}) = any(${list})`));
      for (const r of rows) if (!found.has(r.key)) found.set(r.key, r.id);
    }
  }
  return found;
}

async function stagesOf(ctx: WorkspaceCtx) {
  return ctx.db
    .select({ id: pipelineStages.id, name: pipelineStages.name, kind: pipelineStages.kind })
    .from(pipelineStages)
    .innerJoin(pipelines, and(eq(pipelines.workspaceId, pipelineStages.workspaceId), eq(pipelines.id, pipelineStages.pipelineId)))
    .where(eq(pipelineStages.workspaceId, ctx.workspaceId))
    .orderBy(pipelines.position, pipelineStages.position);
}

/** Every row converted and checked against the field definitions, with its duplicate found. */
async function prepare(ctx: WorkspaceCtx, imp: Import, mapping: Record<string, string>, options: ImportOptions) {
  const file = parseCsv(imp.content, imp.delimiter);
  const targets = await targetsOf(ctx, imp.object, mapping, imp.headers);
  const dateColumns = [...targets].filter(([, t]) => (t.source === "builtin" ? t.kind === "date" : t.field.type === "date")).map(([c]) => c);
  const detected = detectDateOrder(file.rows.flatMap((r) => dateColumns.map((c) => r.cells[c] ?? "")));
  const dateOrder = options.dateOrder === "auto" ? (detected ?? "dmy") : options.dateOrder;
  const convert: ConvertContext = { object: imp.object, headers: imp.headers, targets, dateOrder, members: await listMembers(ctx.db, ctx.workspaceId) };
  const stages = imp.object === "deal" ? await stagesOf(ctx) : [];

  const rows: Prepared[] = file.rows.map(({ row, cells }) => {
    const converted = convertRow(convert, cells);
    if (cells.length > imp.headers.length && cells.slice(imp.headers.length).some((c) => c.trim() !== "")) {
      converted.errors.push(`The row has ${cells.length} values but the header names ${imp.headers.length} columns (a missing quote around a value with a “${imp.delimiter === "\t" ? "tab" : imp.delimiter}”?).`);
    }
    let stageId: string | undefined;
    if (imp.object === "deal") {
      const name = converted.values.stageName as string | undefined;
      const stage = name ? stages.find((s) => s.name.toLowerCase() === name.toLowerCase()) : stages.find((s) => s.kind === "open");
      if (!stage) converted.errors.push(`There is no stage “${name}”. Stages: ${stages.map((s) => s.name).join(", ")}.`);
      stageId = stage?.id;
    }
    const input = createInput(imp.object, converted.values, stageId);
    const parsed = createSchemas[imp.object].safeParse(input);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "");
        const col = [...targets].find(([, t]) => t.key === key || (key === "address" && (t.key === "city" || t.key === "country")))?.[0];
        converted.errors.push(col === undefined ? issue.message : `Column “${imp.headers[col]}”: ${issue.message}`);
      }
    }
    return { row, converted, duplicateId: null, key: null, stageId };
  });

  const keys = new Map<Prepared, string>();
  for (const r of rows) {
    const k = duplicateKey(imp.object, r.converted.values);
    if (k) keys.set(r, k);
  }
  const existing = await findDuplicates(ctx, imp.object, [...new Set(keys.values())]);
  const firstRowOf = new Map<string, number>();
  for (const [r, k] of keys) {
    r.key = k;
    r.duplicateId = existing.get(k) ?? null;
    if (r.converted.errors.length) continue;
    // Two rows of the file for one record: the later one matches the first.
    const first = firstRowOf.get(k);
    if (!r.duplicateId && first !== undefined) r.sameAsRow = first;
    else if (first === undefined) firstRowOf.set(k, r.row);
  }

  // Custom values are checked by the same code as every write (required fields, members, choices).
  const fields = await listCustomFields(ctx, imp.object);
  const withCustom = fields.length ? rows.filter((r) => r.converted.errors.length === 0) : [];
  for (const r of withCustom) {
    try {
      await prepareCustomValues(ctx, imp.object, r.converted.custom, r.duplicateId && options.onDuplicate === "update" ? "update" : "create", fields);
    } catch (error) {
      if (error instanceof AppError) r.converted.errors.push(error.message);
      else throw error;
    }
  }
  return { rows, dateOrder };
}

const createSchemas = { company: createCompanyInput, contact: createContactInput, deal: createDealInput, lead: createLeadInput } as const;
const updateSchemas = { company: updateCompanyInput, contact: updateContactInput, deal: updateDealInput, lead: updateLeadInput } as const;

/** The create input of a row (references by name are linked when the row is written). */
function createInput(object: RecordObject, values: Record<string, unknown>, stageId?: string) {
  const rest = { ...values };
  const companyName = rest.companyName;
  // Linked or applied separately when the row is written.
  for (const key of ["companyName", "contactEmail", "stageName", "status"]) delete rest[key];
  if (object === "lead") return companyName !== undefined ? { ...rest, companyName } : rest;
  if (object === "deal") return { ...rest, stageId };
  return rest;
}

export async function previewImport(ctx: WorkspaceCtx, input: { id: string; mapping: Record<string, string>; options: ImportOptions }) {
  const [imp] = await ctx.db.select().from(imports).where(scope(ctx, input.id)).limit(1);
  if (!imp) throw notFound("import");
  const { rows, dateOrder } = await prepare(ctx, imp, input.mapping, input.options);
  const invalid = rows.filter((r) => r.converted.errors.length > 0);
  const duplicates = rows.filter((r) => r.converted.errors.length === 0 && (r.duplicateId || r.sameAsRow !== undefined));
  const fresh = rows.length - invalid.length - duplicates.length;
  const byAction = { skip: 0, update: 0, create: 0 };
  byAction[input.options.onDuplicate] = duplicates.length;
  return {
    totalRows: rows.length,
    toCreate: fresh + byAction.create,
    toUpdate: byAction.update,
    toSkip: byAction.skip,
    invalid: invalid.length,
    duplicates: duplicates.length,
    dateOrder,
    errors: invalid.slice(0, 200).map((r) => ({ row: r.row, messages: r.converted.errors })),
  };
}

export async function startImport(ctx: WorkspaceCtx, input: { id: string; mapping: Record<string, string>; options: ImportOptions }) {
  const [imp] = await ctx.db.select().from(imports).where(scope(ctx, input.id)).for("update").limit(1);
  if (!imp) throw notFound("import");
  if (imp.status !== "uploaded") throw new AppError("CONFLICT", "import.already_started", "This import has already been started.");
  await targetsOf(ctx, imp.object, input.mapping, imp.headers);
  const [started] = await ctx.db
    .update(imports)
    .set({ mapping: input.mapping, options: input.options, status: "queued" })
    .where(scope(ctx, input.id))
    .returning();
  // The next file with these column names maps itself the same way.
  const columns = Object.fromEntries(Object.entries(input.mapping).map(([col, key]) => [imp.headers[Number(col)]!.toLowerCase(), key]));
  await ctx.db
    .insert(importMappings)
    .values({ workspaceId: ctx.workspaceId, object: imp.object, columns })
    .onConflictDoUpdate({
      target: [importMappings.workspaceId, importMappings.object],
      set: { columns: sql`${importMappings.columns} || excluded.columns`, updatedAt: sql`now()` },
    });
  await addJob(ctx.db, "import_records", { workspaceId: ctx.workspaceId, importId: imp.id }, { jobKey: `import:${imp.id}` });
  return summary(started!);
}

// Running (in the worker) -----------------------------------------------------------------------

const BATCH = 100;
const jobPayload = z.object({ workspaceId: z.uuid(), importId: z.uuid() });

/** The columns an update may change, saved before it for undo. */
const restorable: Record<RecordObject, string[]> = {
  company: ["name", "domain", "industry", "size", "address", "links", "custom", "tags"],
  contact: ["firstName", "lastName", "email", "phone", "emails", "phones", "title", "companyId", "lifecycleStage", "links", "custom", "tags"],
  deal: ["title", "amount", "currency", "stageId", "pipelineId", "companyId", "contactId", "expectedCloseDate", "probability", "closeReason", "custom", "tags"],
  lead: ["firstName", "lastName", "email", "phone", "companyName", "title", "source", "status", "qualification", "custom", "tags"],
};

/**
 * Runs an import in batches of rows, each batch one transaction that also records its rows'
 * outcomes and the counts: a retried job resumes after the last committed batch, and the
 * progress bar moves batch by batch. Within a batch the rows that create records are written
 * together (writeBatch).
 */
export async function runImport(db: Db, raw: unknown) {
  const { workspaceId, importId } = jobPayload.parse(raw);
  // A job acts inside the import's workspace (row-level security), each step its own transaction.
  const scoped = <T>(fn: (tx: Tx) => Promise<T>) => inWorkspace(db, workspaceId, fn);
  const thisImport = and(eq(imports.workspaceId, workspaceId), eq(imports.id, importId));
  const setup = await scoped(async (tx) => {
    // Without the file: it is read for the check below only, and let go once its rows are checked.
    const [imp] = await tx.select(importColumns).from(imports).where(thisImport).limit(1);
    if (!imp || (imp.status !== "queued" && imp.status !== "running")) return null;
    return { imp, membership: imp.createdBy ? await findMembership(tx, imp.createdBy, workspaceId) : null };
  });
  if (!setup) return;
  const { imp, membership } = setup;
  const fail = (error: string) => scoped((tx) => tx.update(imports).set({ status: "failed", error, finishedAt: sql`now()` }).where(thisImport));
  if (!membership || !can(membership.role, `${imp.object}.create`)) {
    await fail("The person who started this import can no longer add records here.");
    return;
  }
  await scoped((tx) => tx.update(imports).set({ status: "running", startedAt: sql`coalesce(${imports.startedAt}, now())` }).where(thisImport));

  const options = imp.options ?? { onDuplicate: "skip", dateOrder: "auto" };
  const base: WorkspaceCtx = { db, workspaceId, userId: imp.createdBy!, role: membership.role };
  let todo: Prepared[];
  try {
    // Duplicates are looked for as the importing person: records private to others stay unseen.
    todo = (
      await db.transaction(async (tx) => {
        await actAs(tx, { workspaceId, userId: base.userId, role: base.role });
        const [file] = await tx.select({ content: imports.content }).from(imports).where(thisImport).limit(1);
        return prepare({ ...base, db: tx }, { ...imp, content: file!.content }, imp.mapping, options);
      })
    ).rows;
  } catch (error) {
    await fail(error instanceof AppError ? error.message : "The file could not be read.");
    return;
  }
  const run: ImportRun = { object: imp.object, options, companyIds: new Map(), made: new Map() };
  if (imp.processedRows > 0) {
    const done = await scoped((tx) =>
      tx
        .select({ row: importRows.rowNumber, recordId: importRows.recordId })
        .from(importRows)
        .where(and(eq(importRows.workspaceId, workspaceId), eq(importRows.importId, importId), eq(importRows.action, "created"))),
    );
    const byRow = new Map(todo.map((r) => [r.row, r]));
    for (const d of done) {
      const k = byRow.get(d.row)?.key;
      if (k && d.recordId) run.made.set(k, d.recordId);
    }
  }
  // Rows are let go once written (and those a retried job wrote before, now).
  todo.splice(0, imp.processedRows);
  const written = { records: 0, companies: 0 };

  try {
    await runBatches();
  } catch (error) {
    // What was committed stays (and can be undone); the import says it stopped.
    await fail(error instanceof AppError ? error.message : "The import stopped on an unexpected error; the rows before it were imported.");
    return;
  }
  await scoped((tx) => tx.update(imports).set({ status: "done", finishedAt: sql`now()` }).where(thisImport));
  // The planner's statistics, which PostgreSQL otherwise updates only some time later, if at all:
  // until then it plans for the table as it was (a company's people read through the wrong index).
  await analyzeRecords(db, run.object, written.records);
  if (run.object !== "company") await analyzeRecords(db, "company", written.companies);

  async function runBatches() {
    while (todo.length > 0) {
      const batch = todo.splice(0, BATCH);
      const committed = await db.transaction(async (tx) => {
        await actAs(tx, { workspaceId, userId: base.userId, role: base.role });
        const outcomes = await writeBatch({ ...base, db: tx }, run, batch);
        const counts = { created: 0, updated: 0, skipped: 0, failed: 0 };
        for (const o of outcomes) counts[o.action]++;
        await tx
          .insert(importRows)
          .values(batch.map((r, i) => ({ workspaceId, importId, rowNumber: r.row, ...outcomes[i]! })))
          .onConflictDoNothing();
        await tx
          .update(imports)
          .set({
            processedRows: sql`${imports.processedRows} + ${batch.length}`,
            created: sql`${imports.created} + ${counts.created}`,
            updated: sql`${imports.updated} + ${counts.updated}`,
            skipped: sql`${imports.skipped} + ${counts.skipped}`,
            failed: sql`${imports.failed} + ${counts.failed}`,
          })
          .where(thisImport);
        return outcomes;
      });
      for (const o of committed) {
        if (o.action === "created" || o.action === "updated") written.records++;
        written.companies += (o.before as { madeCompanies?: string[] } | undefined)?.madeCompanies?.length ?? 0;
      }
    }
  }
}

/**
 * ANALYZE of a record type's table after `changed` of its rows were written, when that is a good
 * part of it (see analyze_records): the application's role may ask for it but not run it itself.
 */
async function analyzeRecords(db: Db, object: RecordObject, changed: number) {
  if (changed > 0) await db.execute(sql`select analyze_records(${object}, ${changed})`);
}

/** What one run of an import carries from row to row and batch to batch. */
interface ImportRun {
  object: RecordObject;
  options: ImportOptions;
  /** Companies found by name (lower-cased), for the rows that name them again. */
  companyIds: Map<string, string>;
  /** Records this run made, by key, for later rows of the file that match them (earlier batches first). */
  made: Map<string, string>;
}

type Outcome = { action: "created" | "updated" | "skipped" | "failed"; recordId?: string; before?: Record<string, unknown>; message?: string };

/**
 * One batch's rows, in the file's order, as the row-by-row path would write them, with fewer
 * statements: consecutive rows that create records are written together (createRows), and each
 * update alone in a savepoint of its own. What depends on a run of creates waits until it is
 * written: an update (it may name the company a create makes), or a later row of the file with
 * the key of a record the run makes (it is then skipped or updates that record).
 */
async function writeBatch(ctx: WorkspaceCtx, run: ImportRun, batch: Prepared[]): Promise<Outcome[]> {
  const outcomes = new Map<Prepared, Outcome>();
  let creating: Prepared[] = [];
  const keys = new Set<string>();
  const flush = async () => {
    if (creating.length === 0) return;
    const rows = creating;
    creating = [];
    keys.clear();
    const created = await ctx.db
      .transaction((sp) => createRows({ ...ctx, db: sp }, run, rows))
      .catch(async () => {
        // Refused by the database (a value it does not store, a constraint): the rows again one
        // by one, so that each gets its own outcome and message and nothing of a refused row stays.
        const one = new Map<Prepared, Outcome>();
        for (const r of rows) one.set(r, await writeOne(ctx, run, r));
        return one;
      });
    for (const r of rows) {
      const outcome = created.get(r)!;
      outcomes.set(r, outcome);
      if (outcome.action === "created" && r.key && !run.made.has(r.key)) run.made.set(r.key, outcome.recordId!);
    }
  };
  for (const r of batch) {
    if (r.key && keys.has(r.key) && run.options.onDuplicate !== "create") await flush();
    const settled = settledWithoutWriting(r, run);
    if (settled) outcomes.set(r, settled);
    else if (duplicateOf(r, run) && run.options.onDuplicate === "update") {
      await flush();
      outcomes.set(r, await writeOne(ctx, run, r));
    } else {
      creating.push(r);
      if (r.key) keys.add(r.key);
    }
  }
  await flush();
  return batch.map((r) => outcomes.get(r)!);
}

/** One row in a savepoint of its own: whatever it fails on, nothing of it stays. */
function writeOne(ctx: WorkspaceCtx, run: ImportRun, r: Prepared): Promise<Outcome> {
  return ctx.db
    .transaction((sp) => writeRow({ ...ctx, db: sp }, run, r))
    .catch((error: unknown) => ({ action: "failed" as const, message: error instanceof AppError ? error.message : "This row could not be saved." }));
}

/** The record a row matches: an existing one, or one an earlier row of the file made. */
const duplicateOf = (r: Prepared, run: ImportRun) => r.duplicateId ?? (r.key ? (run.made.get(r.key) ?? null) : null);

/** What a row comes to without writing anything: failed for its problems, or skipped as a duplicate. */
function settledWithoutWriting(r: Prepared, run: ImportRun): Outcome | null {
  if (r.converted.errors.length) return { action: "failed", message: r.converted.errors.join(" ") };
  const duplicateId = duplicateOf(r, run);
  const matchWord = r.duplicateId ? "Matches an existing record." : `Matches row ${r.sameAsRow} of this file.`;
  if (duplicateId && run.options.onDuplicate === "skip") return { action: "skipped", recordId: duplicateId, message: matchWord };
  return null;
}

const noContact = (email: string) => new AppError("INVALID", "import.no_contact", `There is no contact with the email ${email}.`);

async function writeRow(ctx: WorkspaceCtx, run: ImportRun, r: Prepared): Promise<Outcome> {
  const settled = settledWithoutWriting(r, run);
  if (settled) return settled;
  const { object, options } = run;
  const duplicateId = duplicateOf(r, run);
  const values = { ...createInput(object, r.converted.values, r.stageId), custom: r.converted.custom } as Record<string, unknown>;

  // Failures throw, so that the row's savepoint takes back anything it wrote (a company made for it).
  const contactEmail = r.converted.values.contactEmail as string | undefined;
  if (contactEmail && object === "deal") {
    const id = (await contactsByEmail(ctx, [contactEmail])).get(contactEmail);
    if (!id) throw noContact(contactEmail);
    values.contactId = id;
  }
  const companyName = r.converted.values.companyName as string | undefined;
  // Companies the row creates are remembered with its outcome, for undo.
  const madeCompanies: string[] = [];
  if (companyName && (object === "contact" || object === "deal")) {
    const company = await companyByName(ctx, companyName, run.companyIds);
    values.companyId = company.id;
    if (company.created) madeCompanies.push(company.id);
  }

  if (duplicateId && options.onDuplicate === "update") {
    const t = recordTables[object];
    const [current] = (await ctx.db.select().from(t).where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, duplicateId))).for("update").limit(1)) as Record<string, unknown>[];
    if (!current) throw new AppError("NOT_FOUND", "import.record_gone", "The matching record is gone.");
    // An update moves a deal only when the file names its stage.
    if (object === "deal" && r.converted.values.stageName === undefined) delete values.stageId;
    // A city or country keeps the rest of the address.
    if (object === "company" && values.address) values.address = { ...(current.address as object | null), ...(values.address as object) };
    const patch = updateSchemas[object].parse({ ...values, id: duplicateId }) as Record<string, unknown>;
    const before = beforeOf(object, current, patch);
    // A lead's status is set apart from the other fields.
    if (object === "lead" && r.converted.values.status) before.columns.status = current.status ?? null;
    await updates[object](ctx, patch as never);
    if (object === "lead" && r.converted.values.status) await updateLead(ctx, { id: duplicateId, status: r.converted.values.status as never });
    return { action: "updated", recordId: duplicateId, before: { ...before, madeCompanies } };
  }
  const input = createSchemas[object].parse(values);
  const created = (await creates[object](ctx, input as never)) as { id: string };
  await setLeadStatus(ctx, object, r, created.id);
  if (r.key && !run.made.has(r.key)) run.made.set(r.key, created.id);
  return { action: "created", recordId: created.id, ...(madeCompanies.length ? { before: { madeCompanies } } : {}) };
}

/**
 * Rows that create records, written together: a deal's contacts and the companies the rows name
 * looked up in one query each, the missing companies made in one insert, then the records in one
 * (createContacts…). A row fails here for what would fail it alone, with the same message, and a
 * company is made for the first row that creates a record with it, as row by row. Throws when
 * the database refuses anything (the caller then writes the rows one by one).
 */
async function createRows(ctx: WorkspaceCtx, run: ImportRun, rows: Prepared[]): Promise<Map<Prepared, Outcome>> {
  const { object } = run;
  const outcomes = new Map<Prepared, Outcome>();
  const text = (r: Prepared, key: string) => r.converted.values[key] as string | undefined;
  const linksCompany = object === "contact" || object === "deal";
  const contactIds = object === "deal" ? await contactsByEmail(ctx, rows.flatMap((r) => text(r, "contactEmail") ?? [])) : new Map<string, string>();
  const found = linksCompany ? await companiesNamed(ctx, rows.flatMap((r) => text(r, "companyName") ?? []), run.companyIds) : new Map<string, string>();

  const inputs: { r: Prepared; input: Record<string, unknown>; companyKey?: string }[] = [];
  // Companies to make, by lower-cased name, as the first row that needs one writes it.
  const newCompanies = new Map<string, { input: z.infer<typeof createCompanyInput>; firstRow: Prepared }>();
  for (const r of rows) {
    const values = { ...createInput(object, r.converted.values, r.stageId), custom: r.converted.custom } as Record<string, unknown>;
    const contactEmail = text(r, "contactEmail");
    if (contactEmail && object === "deal") {
      const id = contactIds.get(contactEmail);
      if (!id) {
        outcomes.set(r, { action: "failed", message: noContact(contactEmail).message });
        continue;
      }
      values.contactId = id;
    }
    const companyName = linksCompany ? text(r, "companyName") : undefined;
    const companyKey = companyName?.trim().toLowerCase();
    const company = companyKey && !found.has(companyKey) && !newCompanies.has(companyKey) ? createCompanyInput.safeParse({ name: companyName!.trim() }) : null;
    const parsed = createSchemas[object].safeParse(values);
    if ((company && !company.success) || !parsed.success) {
      outcomes.set(r, { action: "failed", message: "This row could not be saved." });
      continue;
    }
    if (company?.success) newCompanies.set(companyKey!, { input: company.data, firstRow: r });
    inputs.push({ r, input: parsed.data as Record<string, unknown>, companyKey });
  }

  const made = await createCompanies(ctx, [...newCompanies.values()].map((c) => c.input));
  const madeIds = new Map([...newCompanies.keys()].map((k, i) => [k, made[i]!.id]));
  for (const { input, companyKey } of inputs) if (companyKey) input.companyId = found.get(companyKey) ?? madeIds.get(companyKey)!;
  const records = (await createMany[object](ctx, inputs.map((i) => i.input) as never)) as { id: string }[];
  for (const [i, { r, companyKey }] of inputs.entries()) {
    const id = records[i]!.id;
    await setLeadStatus(ctx, object, r, id);
    const madeCompany = companyKey && newCompanies.get(companyKey)?.firstRow === r ? madeIds.get(companyKey) : undefined;
    outcomes.set(r, { action: "created", recordId: id, ...(madeCompany ? { before: { madeCompanies: [madeCompany] } } : {}) });
  }
  return outcomes;
}

/** A lead is created new; a file's other status is then set as an update, as by hand. */
async function setLeadStatus(ctx: WorkspaceCtx, object: RecordObject, r: Prepared, id: string) {
  const status = r.converted.values.status;
  if (object === "lead" && status && status !== "new") await updateLead(ctx, { id, status: status as never });
}

/**
 * What an update is about to replace, for undo: the columns it sets (a person's email lists with
 * their primary email), and of the custom values only those it names (null: had none).
 */
function beforeOf(object: RecordObject, current: Record<string, unknown>, patch: Record<string, unknown>) {
  const keys = new Set(Object.keys(patch).filter((k) => restorable[object].includes(k) && k !== "custom"));
  if (object === "contact" && (keys.has("email") || keys.has("phone"))) ["email", "phone", "emails", "phones"].forEach((k) => keys.add(k));
  const columns = Object.fromEntries([...keys].map((k) => [k, current[k] ?? null]));
  const customNow = (current.custom ?? {}) as Record<string, unknown>;
  const custom = Object.fromEntries(Object.keys((patch.custom ?? {}) as object).map((k) => [k, customNow[k] ?? null]));
  return { columns, custom };
}

const creates = { company: createCompany, contact: createContact, deal: createDeal, lead: createLead } as const;
const createMany = { company: createCompanies, contact: createContacts, deal: createDeals, lead: createLeads } as const;
const updates = { company: updateCompany, contact: updateContact, deal: updateDeal, lead: updateLead } as const;

/** Live contacts by email (lower-cased), one query for them all. */
async function contactsByEmail(ctx: WorkspaceCtx, emails: string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (emails.length === 0) return ids;
  const rows = await ctx.db
    .select({ id: contacts.id, email: sql<string>`lower(${contacts.email})` })
    .from(contacts)
    .where(and(eq(contacts.workspaceId, ctx.workspaceId), sql`lower(${contacts.email}) = any(${textArray([...new Set(emails)])})`, isNull(contacts.deletedAt)));
  for (const c of rows) if (!ids.has(c.email)) ids.set(c.email, c.id);
  return ids;
}

/**
 * The live companies of these names (case-insensitive), by lower-cased name: one query for the
 * names not met before. Only companies found are cached: one made in a row that is later taken
 * back must not linger.
 */
async function companiesNamed(ctx: WorkspaceCtx, names: string[], cache: Map<string, string>): Promise<Map<string, string>> {
  const keys = [...new Set(names.map((n) => n.trim().toLowerCase()))];
  const unknown = keys.filter((k) => !cache.has(k));
  if (unknown.length) {
    const rows = await ctx.db
      .select({ id: companies.id, key: sql<string>`lower(${companies.name})` })
      .from(companies)
      .where(and(eq(companies.workspaceId, ctx.workspaceId), sql`lower(${companies.name}) = any(${textArray(unknown)})`, isNull(companies.deletedAt)));
    for (const c of rows) if (!cache.has(c.key)) cache.set(c.key, c.id);
  }
  return new Map(keys.flatMap((k) => (cache.has(k) ? [[k, cache.get(k)!] as const] : [])));
}

/** A company by name (case-insensitive), created when the workspace has none by that name. */
async function companyByName(ctx: WorkspaceCtx, name: string, cache: Map<string, string>): Promise<{ id: string; created: boolean }> {
  const found = (await companiesNamed(ctx, [name], cache)).get(name.trim().toLowerCase());
  if (found) return { id: found, created: false };
  return { id: (await createCompany(ctx, createCompanyInput.parse({ name: name.trim() }))).id, created: true };
}

// After ----------------------------------------------------------------------------------------

/** The rows that failed, as they were in the file, with why: to fix and import again. */
export async function importErrors(ctx: WorkspaceCtx, id: string) {
  const [imp] = await ctx.db.select().from(imports).where(scope(ctx, id)).limit(1);
  if (!imp) throw notFound("import");
  const failed = await ctx.db
    .select({ row: importRows.rowNumber, message: importRows.message })
    .from(importRows)
    .where(and(eq(importRows.workspaceId, ctx.workspaceId), eq(importRows.importId, id), eq(importRows.action, "failed")))
    .orderBy(importRows.rowNumber);
  const file = parseCsv(imp.content, imp.delimiter);
  const byRow = new Map(file.rows.map((r) => [r.row, r.cells]));
  return {
    fileName: imp.fileName,
    header: ["Row", "Error", ...imp.headers],
    rows: failed.map((f) => [String(f.row), f.message ?? "", ...(byRow.get(f.row) ?? [])]),
  };
}

/**
 * Undo: records the import created go to the trash (from where they can still be restored), and
 * records it updated get back the values they had. Changes made to them since are overwritten.
 */
export async function undoImport(ctx: WorkspaceCtx, id: string) {
  const [imp] = await ctx.db.select().from(imports).where(scope(ctx, id)).for("update").limit(1);
  if (!imp) throw notFound("import");
  if (imp.status !== "done" && imp.status !== "failed") {
    throw new AppError("CONFLICT", "import.not_finished", imp.status === "undone" ? "This import has already been undone." : "Wait for the import to finish before undoing it.");
  }
  const t = recordTables[imp.object];
  // Last row first: when two rows changed one record, the first row's "before" is put back last.
  const rows = await ctx.db
    .select()
    .from(importRows)
    .where(and(eq(importRows.workspaceId, ctx.workspaceId), eq(importRows.importId, id)))
    .orderBy(desc(importRows.rowNumber));
  let removed = 0;
  let restored = 0;
  const madeCompanies: string[] = [];
  for (const r of rows) {
    if (!r.recordId) continue;
    if (r.action === "created") {
      const gone = await ctx.db
        .update(t)
        .set({ deletedAt: sql`now()`, deletedBy: ctx.userId })
        .where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, r.recordId), isNull(t.deletedAt)))
        .returning({ id: t.id });
      removed += gone.length;
    }
    madeCompanies.push(...(((r.before as { madeCompanies?: string[] } | null)?.madeCompanies) ?? []));
    if (r.action === "updated" && r.before) {
      const before = r.before as { columns: Record<string, unknown>; custom: Record<string, unknown> };
      const custom = {
        set: Object.fromEntries(Object.entries(before.custom).filter(([, v]) => v !== null)),
        remove: Object.entries(before.custom).filter(([, v]) => v === null).map(([k]) => k),
      };
      await ctx.db
        .update(t)
        .set({ ...before.columns, custom: mergeCustom(t.custom, custom), updatedAt: sql`now()`, updatedBy: ctx.userId })
        .where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, r.recordId)));
      restored++;
    }
  }
  await ctx.db.update(imports).set({ status: "undone", undoneAt: sql`now()` }).where(scope(ctx, id));
  // Companies made for a "Company" column go too, unless something live still points at them.
  let companiesRemoved = 0;
  if (madeCompanies.length) {
    const gone = await ctx.db
      .update(companies)
      .set({ deletedAt: sql`now()`, deletedBy: ctx.userId })
      .where(
        and(
          eq(companies.workspaceId, ctx.workspaceId),
          inArray(companies.id, [...new Set(madeCompanies)]),
          isNull(companies.deletedAt),
          sql`not exists (select 1 from contacts c where c.workspace_id = ${companies.workspaceId} and c.company_id = ${companies.id} and c.deleted_at is null)`,
          sql`not exists (select 1 from deals d where d.workspace_id = ${companies.workspaceId} and d.company_id = ${companies.id} and d.deleted_at is null)`,
        ),
      )
      .returning({ id: companies.id });
    companiesRemoved = gone.length;
  }
  return { removed, restored, companiesRemoved };
}
