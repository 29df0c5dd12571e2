/**
 * Table views: the fields of each record type, the filter operators that fit each kind of field,
 * and the shape of a view (columns, filters, sorts, grouping). Shared by the server, which turns a
 * view into SQL, and the browser, which edits it.
 */
import { z } from "zod";
import { companySizes, lifecycleLabels, lifecycleStages } from "./schemas/crm";
import { leadSourceLabels, leadSources, leadStatusLabels, leadStatuses } from "./schemas/leads";
import { customFieldTypes, type CustomFieldType } from "./custom-fields";
import { recordObjects, type RecordObject } from "./permissions";

/** The kinds of custom field, and two only built-in fields have: timestamps and tags. */
export const fieldKinds = [...customFieldTypes, "datetime", "tags"] as const;
export type FieldKind = (typeof fieldKinds)[number];

export interface Choice {
  id: string;
  label: string;
}

/** A column a view can show, filter, sort or group by. */
export interface FieldDef {
  /** Built-in fields by name (`amount`), custom fields as `custom.<field id>`. */
  key: string;
  label: string;
  kind: FieldKind;
  choices?: Choice[];
  relatesTo?: RecordObject;
  sortable: boolean;
  groupable: boolean;
  /** Editable in a table cell (the record's update goes through its usual procedure). */
  editable: boolean;
  custom?: boolean;
}

export const operators = [
  "contains",
  "not_contains",
  "is",
  "is_not",
  "starts_with",
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "on",
  "before",
  "after",
  "any_of",
  "none_of",
  "all_of",
  "is_true",
  "is_false",
  "is_empty",
  "is_not_empty",
] as const;
export type Operator = (typeof operators)[number];

export const operatorLabels: Record<Operator, string> = {
  contains: "contains",
  not_contains: "does not contain",
  is: "is",
  is_not: "is not",
  starts_with: "starts with",
  eq: "=",
  neq: "≠",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  on: "is on",
  before: "is before",
  after: "is after",
  any_of: "is any of",
  none_of: "is none of",
  all_of: "has all of",
  is_true: "is checked",
  is_false: "is not checked",
  is_empty: "is empty",
  is_not_empty: "is not empty",
};

const textOps: Operator[] = ["contains", "not_contains", "is", "is_not", "starts_with", "is_empty", "is_not_empty"];
const numberOps: Operator[] = ["eq", "neq", "gt", "gte", "lt", "lte", "is_empty", "is_not_empty"];
const dateOps: Operator[] = ["on", "before", "after", "is_empty", "is_not_empty"];

/** The operators that make sense for each kind of field. */
export const operatorsByKind: Record<FieldKind, Operator[]> = {
  text: textOps,
  long_text: ["contains", "not_contains", "is_empty", "is_not_empty"],
  url: textOps,
  email: textOps,
  phone: textOps,
  number: numberOps,
  currency: numberOps,
  date: dateOps,
  datetime: dateOps,
  select: ["any_of", "none_of", "is_empty", "is_not_empty"],
  user: ["any_of", "none_of", "is_empty", "is_not_empty"],
  multi_select: ["any_of", "all_of", "none_of", "is_empty", "is_not_empty"],
  tags: ["any_of", "all_of", "none_of", "is_empty", "is_not_empty"],
  checkbox: ["is_true", "is_false"],
  relation: ["is", "is_not", "contains", "is_empty", "is_not_empty"],
};

/** What value an operator takes: none, one text, one number, one date, or a list. */
export function operandOf(kind: FieldKind, op: Operator): "none" | "text" | "number" | "date" | "list" | "id" {
  if (op === "is_empty" || op === "is_not_empty" || op === "is_true" || op === "is_false") return "none";
  if (op === "any_of" || op === "none_of" || op === "all_of") return "list";
  if (kind === "number" || kind === "currency") return "number";
  if (kind === "date" || kind === "datetime") return "date";
  if (kind === "relation" && (op === "is" || op === "is_not")) return "id";
  return "text";
}

const fieldKey = z
  .string()
  .max(80)
  .regex(/^([a-zA-Z]+|custom\.[0-9a-f-]{36})$/, { message: "That is not a field of this view." });

export const filterCondition = z.object({
  field: fieldKey,
  operator: z.enum(operators),
  /** Text, number, date (YYYY-MM-DD), or a list of choice / user ids ("me" for yourself). */
  value: z.union([z.string().max(500), z.number(), z.array(z.string().max(100)).max(100), z.null()]).optional(),
});
export type FilterCondition = z.infer<typeof filterCondition>;

export const filterGroup = z.object({
  combinator: z.enum(["and", "or"]),
  conditions: z.array(filterCondition).max(20),
});

/** A filter is a group of conditions and of groups of conditions, each joined by AND or OR. */
export const viewFilter = z.object({
  combinator: z.enum(["and", "or"]),
  conditions: z.array(z.union([filterCondition, filterGroup])).max(20),
});
export type ViewFilter = z.infer<typeof viewFilter>;
export type FilterGroup = z.infer<typeof filterGroup>;

export const isGroup = (c: FilterCondition | FilterGroup): c is FilterGroup => "combinator" in c;

export const viewSort = z.object({ field: fieldKey, direction: z.enum(["asc", "desc"]) });
export type ViewSort = z.infer<typeof viewSort>;

export const viewColumn = z.object({ field: fieldKey, width: z.number().int().min(60).max(800).optional() });

/** All a saved view holds. */
export const viewConfig = z.object({
  columns: z.array(viewColumn).max(60),
  filter: viewFilter.nullable(),
  sorts: z.array(viewSort).max(5),
  groupBy: fieldKey.nullable(),
  search: z.string().trim().max(200).nullable(),
});
export type ViewConfig = z.infer<typeof viewConfig>;

/** A page of records: the filter, sorts and search of a view, and where the last page ended. */
export const recordQueryInput = z.object({
  object: z.enum(recordObjects),
  filter: viewFilter.nullish(),
  sorts: z.array(viewSort).max(5).nullish(),
  groupBy: fieldKey.nullish(),
  search: z.string().trim().max(200).nullish(),
  /** From the previous page's `nextCursor`, with the same filter and sorts. */
  cursor: z.string().max(2000).nullish(),
  limit: z.number().int().min(1).max(200).optional(),
});
export type RecordQueryInput = z.infer<typeof recordQueryInput>;

// The built-in fields of each record type ------------------------------------------------------

const f = (key: string, label: string, kind: FieldKind, extra: Partial<FieldDef> = {}): FieldDef => ({
  key,
  label,
  kind,
  sortable: kind !== "multi_select" && kind !== "tags" && kind !== "long_text",
  groupable: kind === "select" || kind === "user" || kind === "checkbox" || kind === "relation",
  editable: false,
  ...extra,
});
const choices = <T extends string>(ids: readonly T[], labels?: Record<T, string>): Choice[] =>
  ids.map((id) => ({ id, label: labels?.[id] ?? id }));
const edit = { editable: true };
const audit = [
  f("owner", "Owner", "user"),
  f("tags", "Tags", "tags"),
  f("createdAt", "Created", "datetime"),
  f("updatedAt", "Updated", "datetime"),
];

/** Contacts and leads are people: named, reachable. */
const person = [
  f("name", "Name", "text"),
  f("firstName", "First name", "text", edit),
  f("lastName", "Last name", "text", edit),
  f("email", "Email", "email", edit),
  f("phone", "Phone", "phone", edit),
];

/** The fields every record type has before any custom field (deal stages come from the workspace). */
export const builtInFields: Record<RecordObject, FieldDef[]> = {
  company: [
    f("name", "Name", "text", edit),
    f("domain", "Domain", "text", edit),
    f("industry", "Industry", "text", edit),
    f("size", "Size", "select", { ...edit, choices: choices(companySizes) }),
    f("city", "City", "text"),
    f("country", "Country", "text"),
    ...audit,
  ],
  contact: [
    ...person,
    f("title", "Job title", "text", edit),
    f("company", "Company", "relation", { relatesTo: "company" }),
    f("lifecycleStage", "Lifecycle stage", "select", { ...edit, choices: choices(lifecycleStages, lifecycleLabels) }),
    ...audit,
  ],
  deal: [
    f("title", "Title", "text", edit),
    f("amount", "Amount", "currency", edit),
    f("currency", "Currency", "text"),
    f("pipeline", "Pipeline", "select"),
    f("stage", "Stage", "select", edit),
    f("probability", "Probability", "number"),
    f("expectedCloseDate", "Expected close", "date", edit),
    f("company", "Company", "relation", { relatesTo: "company" }),
    f("contact", "Contact", "relation", { relatesTo: "contact" }),
    f("closeReason", "Won/lost reason", "text"),
    f("stageChangedAt", "Stage changed", "datetime"),
    ...audit,
  ],
  lead: [
    ...person,
    f("companyName", "Company", "text", edit),
    f("title", "Job title", "text", edit),
    f("source", "Source", "select", { ...edit, choices: choices(leadSources, leadSourceLabels) }),
    f("status", "Status", "select", { ...edit, choices: choices(leadStatuses, leadStatusLabels) }),
    f("converted", "Converted", "checkbox"),
    ...audit,
  ],
};

/** The field a record is named by: the table's first, linked column. */
export const primaryField: Record<RecordObject, string> = { company: "name", contact: "name", deal: "title", lead: "name" };

/** What a new, unsaved view shows. */
export const defaultViews: Record<RecordObject, ViewConfig> = {
  company: view(["name", "domain", "industry", "size", "owner", "updatedAt"], [{ field: "name", direction: "asc" }]),
  contact: view(["name", "email", "title", "company", "lifecycleStage", "owner"], [{ field: "name", direction: "asc" }]),
  deal: view(["title", "amount", "stage", "company", "expectedCloseDate", "owner"], [{ field: "updatedAt", direction: "desc" }]),
  lead: view(["name", "email", "companyName", "source", "status", "createdAt"], [{ field: "createdAt", direction: "desc" }]),
};
function view(columns: string[], sorts: ViewSort[]): ViewConfig {
  return { columns: columns.map((field) => ({ field })), filter: null, sorts, groupBy: null, search: null };
}

/** A custom field as a view column. */
export function customFieldDef(field: { id: string; label: string; type: CustomFieldType; options: { choices?: Choice[]; relatesTo?: RecordObject } }): FieldDef {
  const kind: FieldKind = field.type;
  return {
    ...f(`custom.${field.id}`, field.label, kind, { choices: field.options.choices, relatesTo: field.options.relatesTo }),
    editable: !["multi_select", "user", "relation", "long_text"].includes(kind),
    custom: true,
  };
}
