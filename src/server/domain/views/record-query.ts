/**
 * A view as SQL: its filter (AND/OR groups of typed conditions), its sorts, its search, and
 * keyset pagination over any sort, so that page 1,000 costs what page 1 costs when an index
 * matches the order.
 *
 * A page is read in two steps: first the ids, from the record table and only the joins the
 * filter and sorts need; then, for those rows alone, everything a table shows.
 */
import { createHash } from "node:crypto";
import { sql, type SQL } from "drizzle-orm";
import { AppError } from "@/shared/errors";
import type { RecordObject } from "@/shared/permissions";
import { recordLabels } from "@/shared/record-labels";
import {
  isGroup,
  operandOf,
  operatorsByKind,
  type FieldDef,
  type FilterCondition,
  type RecordQueryInput,
  type ViewFilter,
  type ViewSort,
} from "@/shared/views";
import type { WorkspaceCtx } from "../context";
import { escapeLike } from "../references";
import { fieldCatalog, joinSql, tableOf, type Join, type SortKey, type SqlField } from "./fields";
import { textArray } from "@/server/db/sql-values";

const raw = sql.raw;
type Catalog = Map<string, SqlField>;

const invalid = (code: string, message: string) => new AppError("INVALID", `view.${code}`, message);

function fieldOf(catalog: Catalog, object: RecordObject, key: string): SqlField {
  const field = catalog.get(key);
  if (!field) throw invalid("unknown_field", `There is no field “${key}” on ${recordLabels[object].plural.toLowerCase()}.`);
  return field;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;


/** One condition as SQL, its value checked against the field's kind. */
function compileCondition(ctx: WorkspaceCtx, object: RecordObject, catalog: Catalog, c: FilterCondition, joins: Set<Join>): SQL {
  const field = fieldOf(catalog, object, c.field);
  const { def } = field;
  const say = (what: string) => invalid("filter_invalid", `Filter on “${def.label}”: ${what}`);
  if (!operatorsByKind[def.kind].includes(c.operator)) throw say(`“${c.operator}” does not apply to this kind of field.`);
  for (const j of field.needs ?? []) joins.add(j);
  const v = raw(field.value);
  const operand = operandOf(def.kind, c.operator);

  let text = "";
  let number = 0;
  let list: string[] = [];
  if (operand === "text" || operand === "id") {
    if (typeof c.value !== "string" || c.value.trim() === "") throw say("enter some text to compare with.");
    text = c.value.trim();
    if (operand === "id" && !uuidPattern.test(text)) throw say("choose a record.");
  } else if (operand === "number") {
    number = typeof c.value === "number" ? c.value : typeof c.value === "string" && c.value.trim() !== "" ? Number(c.value) : NaN;
    if (!Number.isFinite(number)) throw say("enter a number.");
  } else if (operand === "date") {
    if (typeof c.value !== "string" || !datePattern.test(c.value) || Number.isNaN(Date.parse(c.value))) throw say("enter a date like 2026-12-31.");
    text = c.value;
  } else if (operand === "list") {
    if (!Array.isArray(c.value) || c.value.length === 0) throw say("choose at least one value.");
    list = c.value.map((x) => (def.kind === "user" && x === "me" ? ctx.userId : x));
    if (def.kind === "tags") list = list.map((x) => x.trim().toLowerCase());
    if ((field.uuid || def.kind === "user") && !list.every((x) => uuidPattern.test(x))) throw say("choose values from the list.");
    if (def.choices && !field.uuid && !list.every((x) => def.choices!.some((ch) => ch.id === x))) throw say("choose values from the list.");
  }

  switch (def.kind) {
    case "tags": {
      const arr = textArray(list);
      if (c.operator === "any_of") return sql`${v} && ${arr}`;
      if (c.operator === "all_of") return sql`${v} @> ${arr}`;
      if (c.operator === "none_of") return sql`not (${v} && ${arr})`;
      return c.operator === "is_empty" ? sql`cardinality(${v}) = 0` : sql`cardinality(${v}) > 0`;
    }
    case "multi_select": {
      const arr = textArray(list);
      if (c.operator === "any_of") return sql`coalesce(${v} ?| ${arr}, false)`;
      if (c.operator === "all_of") return sql`coalesce(${v} ?& ${arr}, false)`;
      if (c.operator === "none_of") return sql`not coalesce(${v} ?| ${arr}, false)`;
      const empty = sql`coalesce(jsonb_array_length(${v}), 0) = 0`;
      return c.operator === "is_empty" ? empty : sql`not (${empty})`;
    }
    case "checkbox":
      return c.operator === "is_true" ? sql`${v}` : sql`not ${v}`;
    case "number":
    case "currency": {
      const n = sql`${String(number)}::numeric`;
      switch (c.operator) {
        case "eq": return sql`${v} = ${n}`;
        case "neq": return sql`${v} is distinct from ${n}`;
        case "gt": return sql`${v} > ${n}`;
        case "gte": return sql`${v} >= ${n}`;
        case "lt": return sql`${v} < ${n}`;
        case "lte": return sql`${v} <= ${n}`;
        case "is_empty": return sql`${v} is null`;
        default: return sql`${v} is not null`;
      }
    }
    case "date":
    case "datetime": {
      // Days are UTC days; a datetime is on a day from its midnight to the next.
      const day = def.kind === "datetime" ? sql`(${v} at time zone 'UTC')::date` : v;
      const d = sql`${text}::date`;
      if (c.operator === "on") return sql`${day} = ${d}`;
      if (c.operator === "before") return sql`${day} < ${d}`;
      if (c.operator === "after") return sql`${day} > ${d}`;
      return c.operator === "is_empty" ? sql`${v} is null` : sql`${v} is not null`;
    }
    case "select":
    case "user": {
      const compared = field.uuid ? sql`${v}` : sql`${v}::text`;
      const arr = field.uuid ? sql`${textArray(list)}::uuid[]` : textArray(list);
      if (c.operator === "any_of") return sql`${compared} = any(${arr})`;
      if (c.operator === "none_of") return sql`(${v} is null or not (${compared} = any(${arr})))`;
      return c.operator === "is_empty" ? sql`${v} is null` : sql`${v} is not null`;
    }
    case "relation": {
      const label = raw(field.label!);
      if (c.operator === "is") return field.uuid ? sql`${v} = ${text}::uuid` : sql`${v} = ${text}`;
      if (c.operator === "is_not") return field.uuid ? sql`${v} is distinct from ${text}::uuid` : sql`${v} is distinct from ${text}`;
      if (c.operator === "contains") return sql`${label} ilike ${`%${escapeLike(text)}%`}`;
      return c.operator === "is_empty" ? sql`${label} is null` : sql`${label} is not null`;
    }
    default: {
      // Text of every kind.
      const like = (pattern: string) => sql`${v} ilike ${pattern}`;
      switch (c.operator) {
        case "contains": {
          const pattern = `%${escapeLike(text)}%`;
          // The trigram index on the search text narrows first; the field itself then decides.
          return field.searched ? sql`(r.search_text like ${pattern.toLowerCase()} and ${like(pattern)})` : like(pattern);
        }
        case "not_contains": return sql`coalesce(${v}, '') not ilike ${`%${escapeLike(text)}%`}`;
        case "starts_with": return like(`${escapeLike(text)}%`);
        case "is": return sql`lower(${v}) = ${text.toLowerCase()}`;
        case "is_not": return sql`lower(coalesce(${v}, '')) <> ${text.toLowerCase()}`;
        case "is_empty": return sql`coalesce(${v}, '') = ''`;
        default: return sql`coalesce(${v}, '') <> ''`;
      }
    }
  }
}

function compileFilter(ctx: WorkspaceCtx, object: RecordObject, catalog: Catalog, filter: ViewFilter, joins: Set<Join>): SQL | null {
  const parts = filter.conditions
    .map((c) => {
      if (!isGroup(c)) return compileCondition(ctx, object, catalog, c, joins);
      const inner = c.conditions.map((x) => compileCondition(ctx, object, catalog, x, joins));
      return inner.length ? sql`(${sql.join(inner, raw(` ${c.combinator} `))})` : null;
    })
    .filter((p): p is SQL => p !== null);
  return parts.length ? sql`(${sql.join(parts, raw(` ${filter.combinator} `))})` : null;
}

interface ResolvedSort extends SortKey {
  dir: "asc" | "desc";
}

/** The sort keys of a query: the group first, then the view's sorts, then the id so every row has one place. */
function resolveSorts(object: RecordObject, catalog: Catalog, sorts: ViewSort[], groupBy: string | null | undefined, joins: Set<Join>) {
  const out: ResolvedSort[] = [];
  const used = new Set<string>();
  const add = (key: string, dir: "asc" | "desc") => {
    if (used.has(key)) return;
    used.add(key);
    const field = fieldOf(catalog, object, key);
    if (!field.def.sortable || !field.sort) throw invalid("sort_invalid", `Records cannot be sorted by “${field.def.label}”.`);
    for (const j of field.needs ?? []) joins.add(j);
    for (const s of field.sort) out.push({ ...s, dir });
  };
  if (groupBy) {
    const field = fieldOf(catalog, object, groupBy);
    if (!field.def.groupable) throw invalid("group_invalid", `Records cannot be grouped by “${field.def.label}”.`);
    add(groupBy, "asc");
  }
  for (const s of sorts) add(s.field, s.direction);
  // Compared as a uuid (see `cast`), in the first key's direction so a list index can serve it.
  out.push({ expr: "r.id", type: "text", notNull: true, dir: out[0]?.dir ?? "asc" });
  return out;
}

const sortSignature = (sorts: ResolvedSort[]) =>
  createHash("sha256")
    .update(sorts.map((s) => `${s.expr} ${s.dir}`).join("|"))
    .digest("base64url")
    .slice(0, 12);

function encodeCursor(sorts: ResolvedSort[], values: (string | null)[]) {
  return Buffer.from(JSON.stringify({ s: sortSignature(sorts), v: values })).toString("base64url");
}

function decodeCursor(sorts: ResolvedSort[], cursor: string): (string | null)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    parsed = null;
  }
  const c = parsed as { s?: unknown; v?: unknown } | null;
  if (!c || c.s !== sortSignature(sorts) || !Array.isArray(c.v) || c.v.length !== sorts.length || !c.v.every((x) => x === null || typeof x === "string")) {
    throw invalid("cursor_invalid", "This page cursor does not belong to this view's sort. Start again from the first page.");
  }
  return c.v as (string | null)[];
}

const cast = (s: SortKey, value: string) => (s.expr === "r.id" ? sql`${value}::uuid` : sql`${value}::${raw(s.type)}`);

/**
 * Rows after the cursor, in the order `asc nulls last` / `desc nulls first` (PostgreSQL's
 * defaults): for each key, the rows equal on the keys before it and after on it.
 */
function afterCursor(sorts: ResolvedSort[], values: (string | null)[]): SQL {
  const ors: SQL[] = [];
  for (let i = 0; i < sorts.length; i++) {
    const s = sorts[i]!;
    const e = raw(s.expr);
    const v = values[i]!;
    let beyond: SQL | null;
    if (s.dir === "asc") beyond = v === null ? null : s.notNull ? sql`${e} > ${cast(s, v)}` : sql`(${e} > ${cast(s, v)} or ${e} is null)`;
    else beyond = v === null ? sql`${e} is not null` : sql`${e} < ${cast(s, v)}`;
    if (beyond) {
      const equal = sorts.slice(0, i).map((p, j) => (values[j] === null ? sql`${raw(p.expr)} is null` : sql`${raw(p.expr)} = ${cast(p, values[j]!)}`));
      ors.push(equal.length ? sql`(${sql.join([...equal, beyond], sql` and `)})` : beyond);
    }
  }
  const any = ors.length ? sql`(${sql.join(ors, sql` or `)})` : sql`false`;
  // A bound on the first key alone lets an index on it start at the cursor.
  const first = sorts[0]!;
  if (first.notNull && values[0] !== null && sorts.length > 1) {
    const bound = first.dir === "asc" ? sql`${raw(first.expr)} >= ${cast(first, values[0]!)}` : sql`${raw(first.expr)} <= ${cast(first, values[0]!)}`;
    return sql`(${bound} and ${any})`;
  }
  return any;
}

function whereOf(ctx: WorkspaceCtx, object: RecordObject, catalog: Catalog, input: Pick<RecordQueryInput, "filter" | "search">, joins: Set<Join>) {
  const where: SQL[] = [sql`r.workspace_id = ${ctx.workspaceId}`, sql`r.deleted_at is null`];
  if (input.search) where.push(sql`r.search_text like ${`%${escapeLike(input.search.toLowerCase())}%`}`);
  if (input.filter) {
    const f = compileFilter(ctx, object, catalog, input.filter, joins);
    if (f) where.push(f);
  }
  return where;
}

const fromOf = (object: RecordObject, joins: Set<Join>) => {
  // Stages before pipelines is the order joins are written in; each is independent of the other.
  const order: Join[] = ["stage", "pipeline", "company", "contact", "owner"];
  const list = order.filter((j) => joins.has(j)).map((j) => joinSql[j]);
  return raw(`${tableOf[object]} r ${list.join(" ")}`);
};

export interface RecordRow {
  id: string;
  values: Record<string, unknown>;
}

/** A page of records for a table view, and the cursor of the next page. */
export async function queryRecords(ctx: WorkspaceCtx, input: RecordQueryInput) {
  const { object } = input;
  const catalog = await fieldCatalog(ctx, object);
  const limit = input.limit ?? 50;
  const joins = new Set<Join>();
  const where = whereOf(ctx, object, catalog, input, joins);
  const sorts = resolveSorts(object, catalog, input.sorts ?? [], input.groupBy, joins);
  if (input.cursor) where.push(afterCursor(sorts, decodeCursor(sorts, input.cursor)));

  const keys = sorts.map((s, i) => sql`(${raw(s.expr)})::text as ${raw(`k${i}`)}`);
  const order = sorts.map((s) => raw(`${s.expr} ${s.dir}`));
  const page = (await ctx.db.execute(
    sql`select r.id::text as id, ${sql.join(keys, sql`, `)} from ${fromOf(object, joins)} where ${sql.join(where, sql` and `)} order by ${sql.join(order, sql`, `)} limit ${limit + 1}`,
  )) as unknown as Record<string, string | null>[];

  const more = page.length > limit;
  const rows = page.slice(0, limit);
  const last = rows[rows.length - 1];
  const nextCursor = more && last ? encodeCursor(sorts, sorts.map((_, i) => last[`k${i}`] ?? null)) : null;
  return { rows: await readRows(ctx, object, catalog, rows.map((r) => r.id!)), nextCursor };
}

/** Everything a table shows of these records, in the order given. */
async function readRows(ctx: WorkspaceCtx, object: RecordObject, catalog: Catalog, ids: string[]): Promise<RecordRow[]> {
  if (ids.length === 0) return [];
  const joins = new Set<Join>();
  const pairs: SQL[] = [];
  const custom: SqlField[] = [];
  for (const [key, field] of catalog) {
    if (field.def.custom) {
      custom.push(field);
      continue;
    }
    for (const j of field.needs ?? []) joins.add(j);
    pairs.push(sql`${key}::text, ${display(field)}`);
  }
  const labelled = custom.filter((f) => f.label);
  const labels = labelled.length
    ? sql`json_build_object(${sql.join(labelled.map((f) => sql`${f.def.key}::text, ${raw(f.label!)}`), sql`, `)})`
    : sql`'{}'::json`;
  const found = (await ctx.db.execute(
    sql`select r.id::text as id, json_build_object(${sql.join(pairs, sql`, `)}) as v, r.custom as custom, ${labels} as labels
        from ${fromOf(object, joins)}
        where r.workspace_id = ${ctx.workspaceId} and r.id = any(${textArray(ids)}::uuid[])`,
  )) as unknown as { id: string; v: Record<string, unknown>; custom: Record<string, unknown>; labels: Record<string, string | null> }[];

  const byId = new Map(found.map((r) => [r.id, r]));
  return ids.flatMap((id) => {
    const r = byId.get(id);
    if (!r) return [];
    const values: Record<string, unknown> = { ...r.v };
    for (const field of custom) {
      const value = r.custom?.[field.def.key.slice("custom.".length)] ?? null;
      values[field.def.key] = field.label && value !== null ? { id: value, label: r.labels[field.def.key] ?? null } : value;
    }
    return [{ id, values }];
  });
}

/** How a field reads in a row: users and relations as { id, label }, the rest as they are. */
function display(field: SqlField): SQL {
  if (field.label && field.def.kind !== "select") {
    return raw(`case when ${field.label} is null then null else json_build_object('id', ${field.value}, 'label', ${field.label}) end`);
  }
  return raw(field.value);
}

/** How many records a view holds. */
export async function countRecords(ctx: WorkspaceCtx, input: Pick<RecordQueryInput, "object" | "filter" | "search">) {
  const catalog = await fieldCatalog(ctx, input.object);
  const joins = new Set<Join>();
  const where = whereOf(ctx, input.object, catalog, input, joins);
  const [row] = (await ctx.db.execute(
    sql`select count(*)::int as n from ${fromOf(input.object, joins)} where ${sql.join(where, sql` and `)}`,
  )) as unknown as { n: number }[];
  return { count: row?.n ?? 0 };
}

/** The groups of a view grouped by a field: each value, its label and how many records have it, in the rows' order. */
export async function groupRecords(ctx: WorkspaceCtx, input: Pick<RecordQueryInput, "object" | "filter" | "search"> & { groupBy: string }) {
  const catalog = await fieldCatalog(ctx, input.object);
  const field = fieldOf(catalog, input.object, input.groupBy);
  if (!field.def.groupable) throw invalid("group_invalid", `Records cannot be grouped by “${field.def.label}”.`);
  // Choices are labelled from the catalog: only users and relations need a join for their names.
  const joins = new Set<Join>(field.label ? (field.needs ?? []) : []);
  const where = whereOf(ctx, input.object, catalog, input, joins);
  const label = field.label ? raw(field.label) : sql`null::text`;
  const rows = (await ctx.db.execute(
    sql`select (${raw(field.value)})::text as value, ${label} as label, count(*)::int as count
        from ${fromOf(input.object, joins)} where ${sql.join(where, sql` and `)}
        group by 1, 2 order by count(*) desc limit 500`,
  )) as unknown as { value: string | null; label: string | null; count: number }[];
  return orderGroups(field.def, rows);
}

function orderGroups(def: FieldDef, rows: { value: string | null; label: string | null; count: number }[]) {
  const withLabels = rows.map((r) => ({
    value: r.value,
    count: r.count,
    label:
      r.value === null
        ? null
        : def.kind === "checkbox"
          ? r.value === "true" ? "Yes" : "No"
          : (def.choices?.find((c) => c.id === r.value)?.label ?? r.label ?? r.value),
  }));
  const rank = (v: string | null) => {
    if (v === null) return Number.MAX_SAFE_INTEGER;
    if (def.kind === "checkbox") return v === "true" ? 1 : 0;
    const i = def.choices?.findIndex((c) => c.id === v) ?? -1;
    return i === -1 ? Number.MAX_SAFE_INTEGER - 1 : i;
  };
  return withLabels.sort((a, b) => {
    if (def.choices || def.kind === "checkbox") return rank(a.value) - rank(b.value);
    if (a.label === null) return 1;
    if (b.label === null) return -1;
    return a.label < b.label ? -1 : a.label > b.label ? 1 : 0;
  });
}

/** The fields of a record type, for the table's column and filter menus. */
export async function listViewFields(ctx: WorkspaceCtx, object: RecordObject): Promise<FieldDef[]> {
  return [...(await fieldCatalog(ctx, object)).values()].map((f) => f.def);
}

/** Given records as a table shows them (for side-by-side screens such as merging). */
export async function recordsByIds(ctx: WorkspaceCtx, object: RecordObject, ids: string[]) {
  const catalog = await fieldCatalog(ctx, object);
  return { fields: [...catalog.values()].map((f) => f.def), rows: await readRows(ctx, object, catalog, ids) };
}
