import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, max, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { customFields } from "@/server/db/schema";
import { recordTables } from "@/server/db/record-tables";
import { AppError, notFound } from "@/shared/errors";
import type { customFieldInput, CustomFieldOptions, CustomValues } from "@/shared/custom-fields";
import type { RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { isMember } from "../workspaces/memberships";
import { textArray } from "@/server/db/sql-values";

export type CustomField = typeof customFields.$inferSelect;

/**
 * The custom fields whose values live in records' `custom` (forms, live documents, views, search,
 * imports, exports). Sensitive fields are left out unless asked for: their values live sealed
 * elsewhere (src/server/domain/sensitive) and no other door may treat them as ordinary fields.
 */
export async function listCustomFields(ctx: Pick<WorkspaceCtx, "db" | "workspaceId">, object?: RecordObject, opts: { includeSensitive?: boolean } = {}) {
  return ctx.db
    .select()
    .from(customFields)
    .where(
      and(
        eq(customFields.workspaceId, ctx.workspaceId),
        object ? eq(customFields.object, object) : undefined,
        opts.includeSensitive ? undefined : eq(customFields.sensitive, false),
      ),
    )
    .orderBy(asc(customFields.object), asc(customFields.position), asc(customFields.createdAt));
}

/** Choices get stable ids, so renaming a choice keeps the records that chose it. */
function normaliseOptions(options: CustomFieldOptions): CustomFieldOptions {
  const seen = new Set<string>();
  const choices = options.choices?.map((c) => {
    let id = c.id;
    if (seen.has(id)) id = randomUUID().slice(0, 8);
    seen.add(id);
    return { id, label: c.label };
  });
  return { ...options, ...(choices ? { choices } : {}) };
}

export async function createCustomField(ctx: WorkspaceCtx, input: z.infer<typeof customFieldInput>) {
  const [last] = await ctx.db
    .select({ position: max(customFields.position) })
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.object, input.object)));
  const [field] = await ctx.db
    .insert(customFields)
    .values({ ...input, options: normaliseOptions(input.options), workspaceId: ctx.workspaceId, position: (last?.position ?? -1) + 1 })
    .returning();
  return field!;
}

/** Label, required and choices may change; the type may not (values would stop making sense). */
export async function updateCustomField(
  ctx: WorkspaceCtx,
  input: { id: string; label?: string; required?: boolean; options?: CustomFieldOptions },
) {
  const changes = {
    ...(input.label !== undefined ? { label: input.label } : {}),
    ...(input.required !== undefined ? { required: input.required } : {}),
    ...(input.options !== undefined ? { options: normaliseOptions(input.options) } : {}),
  };
  const scope = and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, input.id));
  // Nothing to change: the field as it is (an UPDATE with nothing to set is not valid SQL).
  const [field] = Object.keys(changes).length
    ? await ctx.db.update(customFields).set(changes).where(scope).returning()
    : await ctx.db.select().from(customFields).where(scope).limit(1);
  if (!field) throw notFound("field");
  return field;
}

export async function deleteCustomField(ctx: WorkspaceCtx, id: string) {
  const [field] = await ctx.db
    .delete(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.id, id)))
    .returning({ id: customFields.id });
  if (!field) throw notFound("field");
  return field;
}

const invalid = (field: CustomField, message: string) => new AppError("INVALID", "custom_field.invalid", `“${field.label}” ${message}`);

const validators: Record<CustomField["type"], (field: CustomField) => z.ZodType> = {
  text: () => z.string().trim().max(2000),
  long_text: () => z.string().max(20000),
  number: () => z.number().finite(),
  currency: () => z.number().finite().min(-1e12).max(1e12),
  date: () => z.iso.date(),
  select: (f) => z.enum((f.options.choices ?? []).map((c) => c.id) as [string, ...string[]]),
  multi_select: (f) => z.array(z.enum((f.options.choices ?? []).map((c) => c.id) as [string, ...string[]])).max(200),
  checkbox: () => z.boolean(),
  url: () => z.url({ protocol: /^https?$/ }).max(2000),
  email: () => z.string().trim().toLowerCase().pipe(z.email()),
  phone: () => z.string().trim().regex(/^\+?[0-9 ().-]{3,40}$/),
  user: () => z.uuid(),
  relation: () => z.uuid(),
};

const expectations: Record<CustomField["type"], string> = {
  text: "must be text of at most 2,000 characters.",
  long_text: "must be text of at most 20,000 characters.",
  number: "must be a number.",
  currency: "must be an amount.",
  date: "must be a date like 2026-12-31.",
  select: "must be one of its choices.",
  multi_select: "must be a list of its choices.",
  checkbox: "must be checked or unchecked (true or false).",
  url: "must be a web address starting with http:// or https://.",
  email: "must be an email address.",
  phone: "must be a phone number.",
  user: "must be a member of this workspace.",
  relation: "must point to a record of this workspace.",
};


/**
 * Checks custom values against the field definitions of the record type, and returns what to
 * store: cleaned values to set, and the ids of values to remove (given as null). On create every
 * required field must have a value; on update a required field cannot be emptied.
 */
export async function prepareCustomValues(
  ctx: WorkspaceCtx,
  object: RecordObject,
  values: CustomValues,
  mode: "create" | "update",
  /** The record type's fields when the caller already has them (an import checks many rows). */
  preloaded?: CustomField[],
) {
  const fields = preloaded ?? (await listCustomFields(ctx, object));
  const byId = new Map(fields.map((f) => [f.id, f]));
  const set: Record<string, unknown> = {};
  const remove: string[] = [];

  for (const [key, raw] of Object.entries(values)) {
    const field = byId.get(key);
    if (!field) throw new AppError("INVALID", "custom_field.unknown", `There is no custom field ${key} on ${object}s.`);
    const empty = raw === null || raw === "" || (Array.isArray(raw) && raw.length === 0);
    if (empty) {
      if (field.required) throw invalid(field, "is required.");
      remove.push(key);
      continue;
    }
    const parsed = validators[field.type](field).safeParse(raw);
    if (!parsed.success) throw invalid(field, expectations[field.type]);
    set[key] = Array.isArray(parsed.data) ? [...new Set(parsed.data)] : parsed.data;
  }
  if (mode === "create") {
    for (const f of fields) if (f.required && !(f.id in set)) throw invalid(f, "is required.");
  }
  await checkReferences(ctx, fields, set);
  return { set, remove };
}

/** User and relation values must name a member / a live record of the same workspace. */
async function checkReferences(ctx: WorkspaceCtx, fields: CustomField[], set: Record<string, unknown>) {
  for (const f of fields) {
    const value = set[f.id];
    if (typeof value !== "string") continue;
    if (f.type === "user") {
      if (!(await isMember(ctx.db, ctx.workspaceId, value))) throw invalid(f, expectations.user);
    } else if (f.type === "relation" && f.options.relatesTo) {
      const t = recordTables[f.options.relatesTo];
      const [r] = await ctx.db
        .select({ id: t.id })
        .from(t)
        .where(and(eq(t.workspaceId, ctx.workspaceId), inArray(t.id, [value]), isNull(t.deletedAt)))
        .limit(1);
      if (!r) throw invalid(f, expectations.relation);
    }
  }
}

/** The SQL that applies prepared values to a record's `custom` column. */
export function mergeCustom(column: SQL | unknown, prepared: { set: Record<string, unknown>; remove: string[] }): SQL {
  return sql`(coalesce(${column}, '{}'::jsonb) || ${JSON.stringify(prepared.set)}::jsonb) - ${textArray(prepared.remove)}`;
}
