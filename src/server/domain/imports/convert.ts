/**
 * One CSV row as the input of a record's create (or update): cells read by the kind of field
 * they fill — numbers with thousands separators or currency signs, dates in the usual formats,
 * choices by label, lists split on commas — each problem said in a sentence naming the column.
 */
import type { CustomField } from "../custom-fields/custom-fields";
import { builtInFields } from "@/shared/views";
import type { RecordObject } from "@/shared/permissions";

export type Target =
  | { key: string; label: string; source: "builtin"; kind: "text" | "email" | "number" | "date" | "choice" | "tags" | "ref" }
  | { key: string; label: string; source: "custom"; field: CustomField };

export interface Converted {
  /** Built-in values by input key (refs by name: companyName, contactEmail, stageName). */
  values: Record<string, unknown>;
  custom: Record<string, unknown>;
  errors: string[];
}

const builtInKind: Record<string, "text" | "email" | "number" | "date" | "choice" | "tags" | "ref"> = {
  email: "email",
  amount: "number",
  probability: "number",
  expectedCloseDate: "date",
  size: "choice",
  lifecycleStage: "choice",
  source: "choice",
  status: "choice",
  tags: "tags",
  company: "ref",
  contact: "ref",
  stage: "ref",
};
export const kindOfBuiltIn = (key: string) => builtInKind[key] ?? "text";

/** "1,200.50", "$ 1 200", "1.200,50", "12%" → a number; null when it is not one. */
export function parseNumber(raw: string): number | null {
  let s = raw.trim().replace(/[\s$€£¥%]/g, "").replace(/^\((.*)\)$/, "-$1");
  if (s === "") return null;
  const lastComma = s.lastIndexOf(",");
  const lastDot = s.lastIndexOf(".");
  if (lastComma > lastDot) {
    // A comma last: a decimal comma (1.200,50 / 3,5) unless it groups thousands (1,200).
    s = /,\d{3}$/.test(s) && lastDot === -1 ? s.replace(/,/g, "") : s.replace(/\./g, "").replace(",", ".");
  } else {
    s = s.replace(/,/g, "");
  }
  if (!/^-?\d+(\.\d+)?$/.test(s)) return null;
  return Number(s);
}

const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 100) y += 2000;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return date.toISOString().slice(0, 10);
}

/** 2026-03-14, 14/03/2026, 03/14/2026, 14.03.26, "Mar 14, 2026", "14 March 2026" → 2026-03-14. */
export function parseDate(raw: string, order: "dmy" | "mdy"): string | null {
  const s = raw.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const [a, b, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    return order === "dmy" ? isoDate(y, b, a) : isoDate(y, a, b);
  }
  const month = (name: string) => months.indexOf(name.slice(0, 3).toLowerCase()) + 1;
  m = /^([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(s);
  if (m && month(m[1]!) > 0) return isoDate(Number(m[3]), month(m[1]!), Number(m[2]));
  m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?,? (\d{4})$/.exec(s);
  if (m && month(m[2]!) > 0) return isoDate(Number(m[3]), month(m[2]!), Number(m[1]));
  return null;
}

/** Day first or month first, from the file: a first part over 12 means days first, a second part over 12 months first. */
export function detectDateOrder(values: string[]): "dmy" | "mdy" | null {
  for (const v of values) {
    const m = /^(\d{1,2})[/.-](\d{1,2})[/.-]\d{2,4}$/.exec(v.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) return "dmy";
    if (Number(m[2]) > 12) return "mdy";
  }
  return null;
}

const yes = new Set(["yes", "y", "true", "1", "x", "✓", "checked", "on"]);
const no = new Set(["no", "n", "false", "0", "", "unchecked", "off"]);
const splitList = (raw: string) =>
  raw
    .split(/[;,]/)
    .map((v) => v.trim())
    .filter(Boolean);

function matchChoice(choices: { id: string; label: string }[], raw: string) {
  const v = raw.trim().toLowerCase();
  return choices.find((c) => c.id.toLowerCase() === v || c.label.toLowerCase() === v)?.id ?? null;
}

const listOf = (choices: { label: string }[]) => choices.map((c) => c.label).join(", ");

/** The choices of a built-in select field. */
export function builtInChoices(object: RecordObject, key: string) {
  return builtInFields[object].find((f) => f.key === key)?.choices ?? [];
}

export interface ConvertContext {
  object: RecordObject;
  headers: string[];
  /** Column index → where its value goes. */
  targets: Map<number, Target>;
  dateOrder: "dmy" | "mdy";
  members: { userId: string; name: string; email: string }[];
}

export function convertRow(ctx: ConvertContext, cells: string[]): Converted {
  const out: Converted = { values: {}, custom: {}, errors: [] };
  for (const [col, target] of ctx.targets) {
    const raw = (cells[col] ?? "").replace(/\r\n?/g, "\n").trim();
    if (raw === "") continue;
    const say = (what: string) => out.errors.push(`Column “${ctx.headers[col]}”: ${what}`);
    if (target.source === "builtin") {
      const kind = target.kind;
      if (kind === "email") out.values[target.key] = raw.toLowerCase();
      else if (kind === "number") {
        const n = parseNumber(raw);
        if (n === null) say(`“${raw}” is not a number.`);
        else out.values[target.key] = n;
      } else if (kind === "date") {
        const d = parseDate(raw, ctx.dateOrder);
        if (!d) say(`“${raw}” is not a date (use 2026-12-31, 31/12/2026 or Dec 31, 2026).`);
        else out.values[target.key] = d;
      } else if (kind === "choice") {
        const choices = builtInChoices(ctx.object, target.key);
        const id = matchChoice(choices, raw);
        if (!id) say(`“${raw}” is not a ${target.label.toLowerCase()} here. Use one of: ${listOf(choices)}.`);
        else out.values[target.key] = id;
      } else if (kind === "tags") out.values.tags = splitList(raw).map((t) => t.toLowerCase());
      else if (kind === "ref") {
        const key = target.key === "company" ? "companyName" : target.key === "contact" ? "contactEmail" : "stageName";
        out.values[key] = target.key === "contact" ? raw.toLowerCase() : raw;
      } else if (target.key === "city" || target.key === "country") {
        out.values.address = { ...(out.values.address as object | undefined), [target.key]: raw };
      } else out.values[target.key] = raw;
      continue;
    }
    const f = target.field;
    const choices = f.options.choices ?? [];
    switch (f.type) {
      case "number":
      case "currency": {
        const n = parseNumber(raw);
        if (n === null) say(`“${raw}” is not a number.`);
        else out.custom[f.id] = n;
        break;
      }
      case "date": {
        const d = parseDate(raw, ctx.dateOrder);
        if (!d) say(`“${raw}” is not a date (use 2026-12-31, 31/12/2026 or Dec 31, 2026).`);
        else out.custom[f.id] = d;
        break;
      }
      case "checkbox": {
        const v = raw.toLowerCase();
        if (yes.has(v)) out.custom[f.id] = true;
        else if (no.has(v)) out.custom[f.id] = false;
        else say(`“${raw}” is not yes or no.`);
        break;
      }
      case "select": {
        const id = matchChoice(choices, raw);
        if (!id) say(`“${raw}” is not a choice of “${f.label}”. Use one of: ${listOf(choices)}.`);
        else out.custom[f.id] = id;
        break;
      }
      case "multi_select": {
        const ids: string[] = [];
        for (const part of splitList(raw)) {
          const id = matchChoice(choices, part);
          if (!id) say(`“${part}” is not a choice of “${f.label}”. Use any of: ${listOf(choices)}.`);
          else ids.push(id);
        }
        out.custom[f.id] = ids;
        break;
      }
      case "user": {
        const v = raw.toLowerCase();
        const member = ctx.members.find((m) => m.email.toLowerCase() === v || m.name.toLowerCase() === v);
        if (!member) say(`“${raw}” is not a member of this workspace (give their email or name).`);
        else out.custom[f.id] = member.userId;
        break;
      }
      case "email":
        out.custom[f.id] = raw.toLowerCase();
        break;
      default:
        out.custom[f.id] = raw;
    }
  }
  return out;
}
