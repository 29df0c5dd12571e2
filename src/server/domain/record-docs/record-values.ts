import { and, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { docTables } from "@/server/db/record-tables";
import { recordDocBases, users } from "@/server/db/schema";
import { AppError } from "@/shared/errors";
import type { RecordDocKind } from "@/shared/doc-names";
import { recordObjects, type RecordObject } from "@/shared/permissions";
import { customDocField, docFields, normalize, sameValue, type DocField, type FieldValue } from "@/shared/record-doc";
import { updateCompanyInput, updateContactInput, updateDealInput, updateLeadInput, updateTaskInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { updateCompany } from "../companies/companies";
import { updateContact } from "../contacts/contacts";
import { listCustomFields, prepareCustomValues } from "../custom-fields/custom-fields";
import { updateDeal } from "../deals/deals";
import { updateLead } from "../leads/leads";
import { updateTask } from "../tasks/tasks";


type UpdateInput = { id: string } & Record<string, unknown>;
const updaters: Record<RecordDocKind, { schema: z.ZodType<UpdateInput>; run: (ctx: WorkspaceCtx, input: never) => Promise<unknown> }> = {
  company: { schema: updateCompanyInput as never, run: updateCompany },
  contact: { schema: updateContactInput as never, run: updateContact },
  deal: { schema: updateDealInput as never, run: updateDeal },
  lead: { schema: updateLeadInput as never, run: updateLead },
  task: { schema: updateTaskInput as never, run: updateTask },
};

const hasCustomFields = (object: RecordDocKind): object is RecordObject => (recordObjects as readonly string[]).includes(object);

/** The fields of a record type's document: built-in, then the workspace's custom fields (tasks have none). */
export async function fieldsOfDoc(ctx: Pick<WorkspaceCtx, "db" | "workspaceId">, object: RecordDocKind): Promise<DocField[]> {
  const custom = hasCustomFields(object) ? await listCustomFields(ctx, object) : [];
  return [...docFields[object], ...custom.map((f) => customDocField({ ...f, options: f.options ?? {} }))];
}

export type Values = Record<string, FieldValue>;

export interface RowState {
  values: Values;
  updatedAt: string;
  updatedBy: { id: string; name: string } | null;
}

/** The value of one document field in a row: `address.city` reads into the address, `custom.<id>` into the custom values. */
function fromRow(row: Record<string, unknown>, key: string): unknown {
  if (key.startsWith("custom.")) return (row.custom as Record<string, unknown> | null)?.[key.slice(7)];
  const dot = key.indexOf(".");
  if (dot > 0) return (row[key.slice(0, dot)] as Record<string, unknown> | null)?.[key.slice(dot + 1)];
  return row[key];
}

/** A live record's values as its document holds them; null when it is gone or in the trash. */
export async function readRecordValues(ctx: WorkspaceCtx, object: RecordDocKind, id: string, fields: DocField[], lock = false): Promise<RowState | null> {
  const table = docTables[object];
  const query = ctx.db
    .select()
    .from(table)
    .where(and(eq(table.workspaceId, ctx.workspaceId), eq(table.id, id), "deletedAt" in table ? isNull(table.deletedAt) : undefined))
    .limit(1);
  const [row] = (await (lock ? query.for("update") : query)) as Record<string, unknown>[];
  if (!row) return null;
  const values: Values = {};
  for (const f of fields) values[f.key] = normalize(f, fromRow(row, f.key));
  let updatedBy: RowState["updatedBy"] = null;
  if (typeof row.updatedBy === "string") {
    const [u] = await ctx.db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, row.updatedBy)).limit(1);
    updatedBy = u ? { id: u.id, name: u.name ?? "Someone" } : null;
  }
  return { values, updatedAt: (row.updatedAt as Date).toISOString(), updatedBy };
}

export async function readBase(ctx: WorkspaceCtx, name: string): Promise<Values | null> {
  const [row] = await ctx.db
    .select({ base: recordDocBases.base })
    .from(recordDocBases)
    .where(and(eq(recordDocBases.workspaceId, ctx.workspaceId), eq(recordDocBases.name, name)))
    .for("update")
    .limit(1);
  return (row?.base as Values | undefined) ?? null;
}

export async function writeBase(ctx: WorkspaceCtx, name: string, base: Values) {
  await ctx.db
    .insert(recordDocBases)
    .values({ workspaceId: ctx.workspaceId, name, base })
    .onConflictDoUpdate({ target: [recordDocBases.workspaceId, recordDocBases.name], set: { base, updatedAt: sql`now()` } });
}

export interface RefusedField {
  key: string;
  label: string;
  message: string;
}

/** The update input for some document fields: objects (address, links) completed from the row. */
function toInput(id: string, edits: Values, fields: DocField[], row: Values): UpdateInput {
  const input: UpdateInput = { id };
  const custom: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(edits)) {
    const field = fields.find((f) => f.key === key)!;
    if (key.startsWith("custom.")) {
      custom[key.slice(7)] = value;
      continue;
    }
    const dot = key.indexOf(".");
    if (dot > 0) {
      const top = key.slice(0, dot);
      if (!input[top]) {
        // The whole object, as the row has it, with this document's edits on top.
        const whole: Record<string, unknown> = {};
        for (const f of fields) if (f.key.startsWith(`${top}.`)) whole[f.key.slice(dot + 1)] = row[f.key] ?? null;
        input[top] = whole;
      }
      (input[top] as Record<string, unknown>)[key.slice(dot + 1)] = value;
      continue;
    }
    input[key] = field.merge === "set" || field.input === "labelled_list" ? (value ?? []) : value;
  }
  if (Object.keys(custom).length) input.custom = custom;
  return input;
}

function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? "That value is not valid.";
}

/**
 * Writes edits made in a record's document into its row, through the record's one update
 * function (the timeline entry, the jobs a change sets off, the same validation as the API).
 * Each field is checked on its own first, so one invalid value never holds back the others;
 * the refused fields come back with the sentence to show their author.
 */
export async function writeDocEdits(ctx: WorkspaceCtx, object: RecordDocKind, id: string, fields: DocField[], row: Values, edits: Values) {
  const { schema, run } = updaters[object];
  // The audit log records the change as its author's (the transaction acts for them).
  await ctx.db.execute(sql`select set_config('app.user_id', ${ctx.userId}, true)`);
  const refused: RefusedField[] = [];
  const accepted: Values = {};
  for (const [key, value] of Object.entries(edits)) {
    const field = fields.find((f) => f.key === key);
    if (!field) continue;
    const parsed = schema.safeParse(toInput(id, { [key]: value }, fields, row));
    if (!parsed.success) {
      refused.push({ key, label: field.label, message: firstIssue(parsed.error) });
      continue;
    }
    if (field.custom && hasCustomFields(object)) {
      try {
        await prepareCustomValues(ctx, object, { [key.slice(7)]: value }, "update");
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        refused.push({ key, label: field.label, message: error.message });
        continue;
      }
    }
    accepted[key] = value;
  }
  if (Object.keys(accepted).length === 0) return { refused, written: [] as string[] };

  const input = schema.parse(toInput(id, accepted, fields, row));
  try {
    await ctx.db.transaction(async (tx) => run({ ...ctx, db: tx }, input as never));
    return { refused, written: Object.keys(accepted) };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    // A reference or rule the row checks (a stage of another workspace, a converted lead): try
    // each field alone, so the others still land.
    const written: string[] = [];
    for (const key of Object.keys(accepted)) {
      try {
        const one = schema.parse(toInput(id, { [key]: accepted[key]! }, fields, row));
        await ctx.db.transaction(async (tx) => run({ ...ctx, db: tx }, one as never));
        written.push(key);
      } catch (inner) {
        if (!(inner instanceof AppError)) throw inner;
        refused.push({ key, label: fields.find((f) => f.key === key)!.label, message: inner.message });
      }
    }
    return { refused, written };
  }
}

export { sameValue };
