/**
 * A record's collaborative document: its fields in the `fields` Y.Map, keyed as table views key
 * them (`title`, `address.city`, `custom.<field id>`), each merged the way its kind needs:
 *
 * - text: a Y.Text, so two people typing in one field merge character by character;
 * - set: a Y.Map of members (tags, multi-selects), so concurrent adds and removals all survive;
 * - scalar: a plain value (amount, stage, date, a choice): concurrent writes converge to one
 *   value everywhere (Yjs decides the same winner in every replica), and `who` says who wrote it.
 *
 * Shared by the browser (which edits it) and the collab-server (which creates the fields from the
 * row, projects edits into the row and applies writes made elsewhere).
 */
import * as Y from "yjs";
import { companySizes, lifecycleLabels, lifecycleStages } from "./schemas/crm";
import { leadSourceLabels, leadSources, leadStatusLabels, leadStatuses } from "./schemas/leads";
import type { CustomFieldType } from "./custom-fields";
import type { Choice } from "./views";
import type { RecordDocKind } from "./doc-names";
import type { RecordObject } from "./permissions";
import { taskPriorities, taskPriorityLabels, taskStatuses, taskStatusLabels } from "./schemas/tasks";

export const FIELDS = "fields";
/** Who last wrote each scalar and set field: { id, name }. */
export const WHO = "who";

export type MergeKind = "text" | "set" | "scalar";

/** How a field is edited on the record page. */
export type DocFieldInput =
  | "text"
  | "long_text"
  | "email"
  | "phone"
  | "url"
  | "domain"
  | "number"
  | "currency"
  | "currency_code"
  | "date"
  | "datetime"
  | "select"
  | "multi_select"
  | "tags"
  | "checkbox"
  | "stage"
  | "relation"
  | "user"
  | "labelled_list";

export interface DocField {
  key: string;
  label: string;
  input: DocFieldInput;
  merge: MergeKind;
  choices?: Choice[];
  relatesTo?: RecordObject;
  /** Shown in a group of its own on the page ("Address", "Links"). */
  group?: string;
  custom?: boolean;
  required?: boolean;
}

const choices = <T extends string>(ids: readonly T[], labels?: Record<T, string>): Choice[] => ids.map((id) => ({ id, label: labels?.[id] ?? id }));

const text = (key: string, label: string, extra: Partial<DocField> = {}): DocField => ({ key, label, input: "text", merge: "text", ...extra });
const scalar = (key: string, label: string, input: DocFieldInput, extra: Partial<DocField> = {}): DocField => ({ key, label, input, merge: "scalar", ...extra });
const tags: DocField = { key: "tags", label: "Tags", input: "tags", merge: "set" };

/** The built-in fields of each record type's document, in the order the page shows them. */
export const docFields: Record<RecordDocKind, DocField[]> = {
  company: [
    text("name", "Name", { required: true }),
    scalar("domain", "Domain", "domain"),
    text("industry", "Industry"),
    scalar("size", "Size", "select", { choices: choices(companySizes) }),
    tags,
    text("address.street", "Street", { group: "Address" }),
    text("address.city", "City", { group: "Address" }),
    text("address.region", "Region", { group: "Address" }),
    text("address.postalCode", "Postal code", { group: "Address" }),
    text("address.country", "Country", { group: "Address" }),
    scalar("links.website", "Website", "url", { group: "Links" }),
    scalar("links.linkedin", "LinkedIn", "url", { group: "Links" }),
    scalar("links.twitter", "X / Twitter", "url", { group: "Links" }),
  ],
  contact: [
    text("firstName", "First name", { required: true }),
    text("lastName", "Last name"),
    text("title", "Job title"),
    scalar("companyId", "Company", "relation", { relatesTo: "company" }),
    scalar("lifecycleStage", "Lifecycle stage", "select", { choices: choices(lifecycleStages, lifecycleLabels) }),
    scalar("emails", "Emails", "labelled_list"),
    scalar("phones", "Phones", "labelled_list"),
    tags,
    scalar("links.linkedin", "LinkedIn", "url", { group: "Links" }),
    scalar("links.twitter", "X / Twitter", "url", { group: "Links" }),
  ],
  deal: [
    text("title", "Title", { required: true }),
    scalar("stageId", "Stage", "stage"),
    scalar("amount", "Amount", "currency"),
    scalar("currency", "Currency", "currency_code"),
    scalar("expectedCloseDate", "Expected close", "date"),
    scalar("probability", "Probability override (%)", "number"),
    scalar("companyId", "Company", "relation", { relatesTo: "company" }),
    scalar("contactId", "Contact", "relation", { relatesTo: "contact" }),
    text("closeReason", "Won / lost reason"),
    tags,
  ],
  lead: [
    text("firstName", "First name", { required: true }),
    text("lastName", "Last name"),
    scalar("email", "Email", "email"),
    scalar("phone", "Phone", "phone"),
    text("companyName", "Company"),
    text("title", "Job title"),
    scalar("source", "Source", "select", { choices: choices(leadSources, leadSourceLabels) }),
    scalar("status", "Status", "select", { choices: choices(leadStatuses.filter((s) => s !== "converted"), leadStatusLabels) }),
    text("qualification", "Qualification", { input: "long_text" }),
    tags,
  ],
  task: [
    text("title", "Title", { required: true }),
    scalar("status", "Status", "select", { choices: choices(taskStatuses, taskStatusLabels), required: true }),
    scalar("priority", "Priority", "select", { choices: choices(taskPriorities, taskPriorityLabels), required: true }),
    scalar("dueAt", "Due", "datetime"),
    scalar("assigneeId", "Assignee", "user"),
    text("notes", "Notes", { input: "long_text" }),
  ],
};

const customInputs: Record<CustomFieldType, DocFieldInput> = {
  text: "text",
  long_text: "long_text",
  number: "number",
  currency: "currency",
  date: "date",
  select: "select",
  multi_select: "multi_select",
  checkbox: "checkbox",
  url: "url",
  email: "email",
  phone: "phone",
  user: "user",
  relation: "relation",
};

/** A custom field as a document field: text types merge as text, multi-selects as sets. */
export function customDocField(field: {
  id: string;
  label: string;
  type: CustomFieldType;
  required?: boolean;
  options: { choices?: Choice[]; relatesTo?: RecordObject };
}): DocField {
  const input = customInputs[field.type];
  return {
    key: `custom.${field.id}`,
    label: field.label,
    input,
    merge: field.type === "text" || field.type === "long_text" ? "text" : field.type === "multi_select" ? "set" : "scalar",
    choices: field.options.choices,
    relatesTo: field.options.relatesTo,
    custom: true,
    required: field.required,
  };
}

// Values ---------------------------------------------------------------------------------------

export type FieldValue = string | number | boolean | null | string[] | Record<string, unknown> | unknown[];

/** One spelling per value, so that the row and the document compare equal when they agree. */
export function normalize(field: DocField, value: unknown): FieldValue {
  if (value === undefined || value === null) return null;
  if (field.merge === "text") {
    const s = String(value).trim();
    return s === "" ? null : s;
  }
  if (field.merge === "set") {
    const list = Array.isArray(value) ? value.map(String) : [];
    return list.length ? [...new Set(list)].sort() : null;
  }
  if (typeof value === "string" && value.trim() === "") return null;
  // A moment (a task's due time) is kept as its ISO string, as JSON would send it.
  if (value instanceof Date) return value.toISOString();
  if (field.input === "datetime" && typeof value === "string" && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  if (Array.isArray(value) && value.length === 0) return null;
  return value as FieldValue;
}

/** JSON with object keys in order, so that equal values compare equal. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}
export const sameValue = (a: unknown, b: unknown) => stableJson(a) === stableJson(b);

/** The field's value as it stands in the document (null when empty or not there yet). */
export function readDocValue(fields: Y.Map<unknown>, field: DocField): FieldValue {
  const raw = fields.get(field.key);
  if (raw instanceof Y.Text) return normalize(field, raw.toString());
  if (raw instanceof Y.Map) return normalize(field, [...raw.keys()]);
  return normalize(field, raw);
}

/** The shared type a text or set field lives in, created empty when it is missing. */
function ensureType(fields: Y.Map<unknown>, field: DocField): Y.Text | Y.Map<boolean> | null {
  const current = fields.get(field.key);
  if (field.merge === "text") {
    if (current instanceof Y.Text) return current;
    const t = new Y.Text();
    fields.set(field.key, t);
    return t;
  }
  if (field.merge === "set") {
    if (current instanceof Y.Map) return current as Y.Map<boolean>;
    const m = new Y.Map<boolean>();
    fields.set(field.key, m);
    return m;
  }
  return null;
}

/**
 * Replaces a text's content with the smallest edit (common start and end kept), so the cursors
 * of people typing elsewhere in it stay where they are.
 */
export function replaceText(text: Y.Text, next: string) {
  const prev = text.toString();
  if (prev === next) return;
  let start = 0;
  while (start < prev.length && start < next.length && prev[start] === next[start]) start++;
  let end = 0;
  while (end < prev.length - start && end < next.length - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) end++;
  const removed = prev.length - start - end;
  if (removed > 0) text.delete(start, removed);
  const inserted = next.slice(start, next.length - end);
  if (inserted) text.insert(start, inserted);
}

/** Writes a value into the document the way the field merges; call inside a transaction. */
export function writeDocValue(fields: Y.Map<unknown>, field: DocField, value: unknown) {
  const v = normalize(field, value);
  if (field.merge === "text") {
    replaceText(ensureType(fields, field) as Y.Text, v === null ? "" : String(v));
  } else if (field.merge === "set") {
    const set = ensureType(fields, field) as Y.Map<boolean>;
    const next = new Set(Array.isArray(v) ? v.map(String) : []);
    for (const k of [...set.keys()]) if (!next.has(k)) set.delete(k);
    for (const k of next) if (!set.has(k)) set.set(k, true);
  } else if (!sameValue(normalize(field, fields.get(field.key)), v) || !fields.has(field.key)) {
    fields.set(field.key, v);
  }
}

/** Makes sure the field exists in the document with its merge type, without touching its value. */
export function ensureDocField(fields: Y.Map<unknown>, field: DocField, initial: unknown) {
  const current = fields.get(field.key);
  const ok = field.merge === "text" ? current instanceof Y.Text : field.merge === "set" ? current instanceof Y.Map : fields.has(field.key);
  if (!ok) writeDocValue(fields, field, initial);
}

export interface Author {
  id: string;
  name: string;
}

export function recordWho(doc: Y.Doc, key: string, author: Author) {
  doc.getMap<Author>(WHO).set(key, author);
}

export function whoWrote(doc: Y.Doc, key: string): Author | null {
  return doc.getMap<Author>(WHO).get(key) ?? null;
}

/**
 * Why the collab-server could not let a connection in when the reason is passing (its database
 * is unreachable): the page tries again shortly rather than showing access refused.
 */
export const COLLAB_UNAVAILABLE = "unavailable";

/** A stateless message the collab-server sends to the person whose live edit was refused. */
export interface RefusedEdit {
  type: "refused";
  field: string;
  label: string;
  message: string;
}

/** A rich text's blocks as lines of plain text (to show a version, compare, or list changes). */
export function fragmentLines(fragment: Y.XmlFragment): string[] {
  return fragment.toArray().map((n) => (n instanceof Y.XmlElement || n instanceof Y.XmlText ? n.toString().replace(/<[^>]+>/g, "") : ""));
}

/** A document from a version sent as a base64 Yjs update. */
export function docFromBase64(state: string): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Uint8Array.from(atob(state), (c) => c.charCodeAt(0)));
  return doc;
}
