import { and, desc, eq, sql } from "drizzle-orm";
import { activities } from "@/server/db/schema";
import { stableJson } from "@/shared/record-doc";
import { lifecycleLabels } from "@/shared/schemas/crm";
import { leadSourceLabels, leadStatusLabels } from "@/shared/schemas/leads";
import type { RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { listCustomFields, type CustomField } from "../custom-fields/custom-fields";
import { recordActivity } from "./activities";

/** The fields whose changes a record's timeline shows, by label (a deal's stage has its own entry). */
const tracked: Record<RecordObject, Record<string, string>> = {
  company: { name: "Name", domain: "Domain", industry: "Industry", size: "Size", address: "Address", links: "Links" },
  contact: { firstName: "First name", lastName: "Last name", email: "Email", phone: "Phone", title: "Job title", companyId: "Company", lifecycleStage: "Lifecycle stage", links: "Links" },
  deal: { title: "Title", amount: "Amount", currency: "Currency", expectedCloseDate: "Expected close", probability: "Probability", companyId: "Company", contactId: "Contact", closeReason: "Won/lost reason" },
  lead: { firstName: "First name", lastName: "Last name", email: "Email", phone: "Phone", companyName: "Company", title: "Job title", source: "Source", status: "Status", qualification: "Qualification" },
};

/** Values shown as they are; the others (links to records, long text, nested) are named without values. */
const shownAs: Record<string, Record<string, string>> = { lifecycleStage: lifecycleLabels, source: leadSourceLabels, status: leadStatusLabels };
const withoutValues = new Set(["companyId", "contactId", "qualification", "address", "links"]);

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
  /** The values are not shown (a link to another record, long or nested text). */
  hidden?: boolean;
}


function show(key: string, v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (Array.isArray(v)) return v.length ? v.join(", ") : null;
  const labels = shownAs[key];
  return labels ? (labels[String(v)] ?? String(v)) : String(v);
}

function showCustom(field: CustomField, v: unknown): string | null {
  if (v === null || v === undefined || v === "") return null;
  const choice = (id: unknown) => field.options.choices?.find((c) => c.id === id)?.label ?? String(id);
  if (field.type === "select") return choice(v);
  if (Array.isArray(v)) return v.length ? v.map(choice).join(", ") : null;
  if (field.type === "checkbox") return v ? "Yes" : "No";
  return String(v);
}

/**
 * Writes one "fields_changed" timeline entry listing what an update changed, from the row before
 * and the row after. Nothing when nothing changed.
 */
export async function recordFieldChanges(
  ctx: WorkspaceCtx,
  object: RecordObject,
  id: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) {
  const changes: FieldChange[] = [];
  for (const [key, label] of Object.entries(tracked[object])) {
    if (stableJson(before[key]) === stableJson(after[key])) continue;
    changes.push(withoutValues.has(key) ? { field: label, from: null, to: null, hidden: true } : { field: label, from: show(key, before[key]), to: show(key, after[key]) });
  }
  if (stableJson(before.tags) !== stableJson(after.tags)) changes.push({ field: "Tags", from: show("tags", before.tags), to: show("tags", after.tags) });
  const b = (before.custom ?? {}) as Record<string, unknown>;
  const a = (after.custom ?? {}) as Record<string, unknown>;
  const customKeys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => stableJson(b[k]) !== stableJson(a[k]));
  if (customKeys.length) {
    const fields = new Map((await listCustomFields(ctx, object)).map((f) => [f.id, f]));
    for (const k of customKeys) {
      const f = fields.get(k);
      if (!f) continue;
      changes.push(f.type === "long_text" || f.type === "relation" || f.type === "user" ? { field: f.label, from: null, to: null, hidden: true } : { field: f.label, from: showCustom(f, b[k]), to: showCustom(f, a[k]) });
    }
  }
  if (changes.length) await recordOrCoalesce(ctx, object, id, changes);
}

/** Live typing writes a field every few seconds; one person's burst of changes is one entry. */
const COALESCE_MS = 2 * 60_000;

/**
 * Adds the changes to the record's timeline — into its latest entry when that is this same
 * person's field changes of the last two minutes: each field keeps the value from before the
 * burst and takes the latest one ("Title from “A” to “C”", not "A to B", then "B to C"). A field
 * changed back to where it started drops out; the entry goes when nothing is left.
 */
async function recordOrCoalesce(ctx: WorkspaceCtx, object: RecordObject, id: string, changes: FieldChange[]) {
  const [last] = await ctx.db
    .select({ id: activities.id, kind: activities.kind, actorId: activities.actorId, data: activities.data, createdAt: activities.createdAt })
    .from(activities)
    .where(and(eq(activities.workspaceId, ctx.workspaceId), eq(activities.recordType, object), eq(activities.recordId, id)))
    .orderBy(desc(activities.createdAt))
    .limit(1);
  const recent = last && last.kind === "fields_changed" && last.actorId === ctx.userId && Date.now() - last.createdAt.getTime() < COALESCE_MS;
  if (!recent) {
    await recordActivity(ctx, { recordType: object, recordId: id, kind: "fields_changed", data: { changes } });
    return;
  }
  const merged = [...((last.data.changes as FieldChange[] | undefined) ?? [])];
  for (const change of changes) {
    const i = merged.findIndex((c) => c.field === change.field);
    if (i < 0) merged.push(change);
    else merged[i] = { ...change, from: merged[i]!.from };
  }
  const kept = merged.filter((c) => c.hidden || c.from !== c.to);
  const scope = and(eq(activities.workspaceId, ctx.workspaceId), eq(activities.id, last.id));
  if (kept.length === 0) await ctx.db.delete(activities).where(scope);
  else await ctx.db.update(activities).set({ data: { ...last.data, changes: kept }, createdAt: sql`now()` }).where(scope);
}
