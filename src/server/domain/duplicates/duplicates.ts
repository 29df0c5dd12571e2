/**
 * Duplicates: the records that look like one being created (same email, same domain, a similar
 * name), the groups of look-alikes already in the workspace, and merging them into one record
 * that takes over everything that pointed at the others.
 */
import { and, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { recordTables } from "@/server/db/record-tables";
import { activities, contacts, dealContacts, deals, leads, notifications, tasks } from "@/server/db/schema";
import { AppError } from "@/shared/errors";
import type { RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { recordActivity } from "../activities/activities";
import { listCustomFields } from "../custom-fields/custom-fields";
import { recordName as nameOf, tableOf } from "../views/fields";
import { textArray } from "@/server/db/sql-values";

const detailOf: Record<RecordObject, string> = { company: "x.domain", contact: "x.email", deal: "null::text", lead: "x.email" };

export interface Candidate {
  email?: string | null;
  domain?: string | null;
  /** The record's name: a company's name, a person's full name, a deal's title. */
  name?: string | null;
}

export interface Match {
  id: string;
  label: string;
  detail: string | null;
  reason: "same_email" | "same_domain" | "similar_name";
}

/** Live records of the workspace that look like the candidate, the surest first. */
export async function findSimilar(ctx: WorkspaceCtx, object: RecordObject, candidate: Candidate, excludeId?: string): Promise<Match[]> {
  const table = sql.raw(`${tableOf[object]} x`);
  const label = sql.raw(nameOf[object]);
  const detail = sql.raw(detailOf[object]);
  const live = sql`x.workspace_id = ${ctx.workspaceId} and x.deleted_at is null ${excludeId ? sql`and x.id <> ${excludeId}` : sql``}`;
  const parts: SQL[] = [];
  const email = candidate.email?.trim().toLowerCase();
  const domain = candidate.domain?.trim().toLowerCase();
  const name = candidate.name?.trim().toLowerCase();
  if (email && (object === "contact" || object === "lead")) {
    parts.push(sql`select x.id, ${label} as label, ${detail} as detail, 'same_email' as reason, 2.0::float8 as score from ${table} where ${live} and lower(x.email) = ${email}`);
  }
  if (domain && object === "company") {
    parts.push(sql`select x.id, ${label} as label, ${detail} as detail, 'same_domain' as reason, 2.0::float8 as score from ${table} where ${live} and lower(x.domain) = ${domain}`);
  }
  if (name && name.length >= 3) {
    // The trigram index on the search text finds candidates; the name itself decides.
    parts.push(
      sql`select x.id, ${label} as label, ${detail} as detail, 'similar_name' as reason, similarity(lower(${label}), ${name})::float8 as score from ${table}
          where ${live} and x.search_text % ${name} and similarity(lower(${label}), ${name}) >= 0.55`,
    );
  }
  if (parts.length === 0) return [];
  const rows = (await ctx.db.execute(
    sql`select distinct on (id) id, label, detail, reason, score from (${sql.join(parts, sql` union all `)}) m order by id, score desc`,
  )) as unknown as (Match & { score: number })[];
  return rows
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map(({ id, label, detail, reason }) => ({ id, label: label ?? "Untitled", detail, reason }));
}

/** Groups of live records that share an email, a domain or a name: what the duplicates page lists. */
export async function scanDuplicates(ctx: WorkspaceCtx, object: RecordObject) {
  const table = sql.raw(`${tableOf[object]} x`);
  const keys: { reason: Match["reason"] | "same_name"; expr: string }[] = [
    ...(object === "contact" || object === "lead" ? [{ reason: "same_email" as const, expr: "lower(x.email)" }] : []),
    ...(object === "company" ? [{ reason: "same_domain" as const, expr: "lower(x.domain)" }] : []),
    { reason: "same_name", expr: `lower(${nameOf[object]})` },
  ];
  const groups: { reason: Match["reason"] | "same_name"; key: string; records: { id: string; label: string; detail: string | null }[] }[] = [];
  const seen = new Set<string>();
  for (const k of keys) {
    const rows = (await ctx.db.execute(
      sql`select ${sql.raw(k.expr)} as key, json_agg(json_build_object('id', x.id, 'label', ${sql.raw(nameOf[object])}, 'detail', ${sql.raw(detailOf[object])}) order by x.created_at) as records
          from ${table} where x.workspace_id = ${ctx.workspaceId} and x.deleted_at is null and ${sql.raw(k.expr)} is not null and ${sql.raw(k.expr)} <> ''
          group by 1 having count(*) > 1 order by count(*) desc, 1 limit 100`,
    )) as unknown as { key: string; records: { id: string; label: string; detail: string | null }[] }[];
    for (const r of rows) {
      const signature = r.records.map((x) => x.id).sort().join();
      if (seen.has(signature)) continue;
      seen.add(signature);
      groups.push({ reason: k.reason, key: r.key, records: r.records.slice(0, 20) });
    }
  }
  return groups;
}

/** The fields a merge lets people choose between, per record type (tags, emails, phones and custom values are combined). */
export const mergeFields: Record<RecordObject, string[]> = {
  company: ["name", "domain", "industry", "size", "address", "links", "ownerId"],
  contact: ["firstName", "lastName", "title", "companyId", "lifecycleStage", "links", "ownerId"],
  deal: ["title", "amount", "currency", "stageId", "companyId", "contactId", "expectedCloseDate", "probability", "closeReason", "ownerId"],
  lead: ["firstName", "lastName", "email", "phone", "companyName", "title", "source", "status", "qualification", "ownerId"],
};

type Row = Record<string, unknown> & { id: string; custom: Record<string, unknown>; tags: string[] };

/**
 * Merges records into one survivor, in one transaction: the survivor takes the chosen values
 * (its own by default, the others' where it has none), every email, phone, tag and custom value
 * it lacks, and every related record, task, timeline entry and reference of the others; they
 * go to the trash, marked as merged.
 */
export async function mergeRecords(
  ctx: WorkspaceCtx,
  object: RecordObject,
  input: { survivorId: string; mergedIds: string[]; choices?: Record<string, string> },
) {
  const ids = [input.survivorId, ...input.mergedIds.filter((id) => id !== input.survivorId)];
  if (ids.length < 2) throw new AppError("INVALID", "merge.too_few", "Choose at least two records to merge.");
  const t = recordTables[object];
  const rows = (await ctx.db
    .select()
    .from(t)
    .where(and(eq(t.workspaceId, ctx.workspaceId), inArray(t.id, ids), isNull(t.deletedAt)))
    .for("update")) as unknown as Row[];
  if (rows.length !== ids.length) throw new AppError("NOT_FOUND", "merge.not_found", "One of these records is gone or in the trash. Reload and try again.");
  const byId = new Map(rows.map((r) => [r.id, r]));
  const survivor = byId.get(input.survivorId)!;
  const others = ids.slice(1).map((id) => byId.get(id)!);

  const patch: Record<string, unknown> = {};
  for (const field of mergeFields[object]) {
    const from = input.choices?.[field];
    if (from !== undefined) {
      const source = byId.get(from);
      if (!source) throw new AppError("INVALID", "merge.bad_choice", "A chosen value comes from a record that is not being merged.");
      patch[field] = source[field] ?? null;
    } else if (survivor[field] === null || survivor[field] === undefined || survivor[field] === "") {
      const filled = others.find((o) => o[field] !== null && o[field] !== undefined && o[field] !== "");
      if (filled) patch[field] = filled[field];
    }
  }
  // A deal's pipeline is its stage's.
  if (object === "deal" && patch.stageId !== undefined) {
    patch.pipelineId = rows.find((r) => r.stageId === patch.stageId)?.pipelineId ?? survivor.pipelineId;
  }
  // Custom values: the chosen ones, else the survivor's, else the first other record's.
  const custom: Record<string, unknown> = {};
  for (const r of [...others].reverse()) Object.assign(custom, r.custom);
  Object.assign(custom, survivor.custom);
  for (const [key, from] of Object.entries(input.choices ?? {})) {
    if (!key.startsWith("custom.")) continue;
    const value = byId.get(from)?.custom[key.slice(7)];
    if (value === undefined || value === null) delete custom[key.slice(7)];
    else custom[key.slice(7)] = value;
  }
  patch.custom = custom;
  patch.tags = [...new Set([survivor, ...others].flatMap((r) => r.tags))];
  if (object === "contact") {
    const unique = (lists: { value: string; label: string }[][]) => {
      const seen = new Set<string>();
      return lists.flat().filter((e) => !seen.has(e.value.toLowerCase()) && seen.add(e.value.toLowerCase()));
    };
    const emails = unique([survivor, ...others].map((r) => (r.emails as { value: string; label: string }[]) ?? []));
    const phones = unique([survivor, ...others].map((r) => (r.phones as { value: string; label: string }[]) ?? []));
    Object.assign(patch, { emails, phones, email: emails[0]?.value ?? null, phone: phones[0]?.value ?? null });
  }
  await ctx.db
    .update(t)
    .set({ ...patch, updatedBy: ctx.userId, updatedAt: sql`now()` })
    .where(and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, survivor.id)));

  const mergedIds = others.map((o) => o.id);
  // Every reference moves, those on records private to someone else too (a system step of the
  // merge: it reveals nothing, and leaving them would point them at a record in the trash).
  const [before] = await ctx.db.execute<{ v: string | null }>(sql`select current_setting('app.sees_private', true) as v`);
  await ctx.db.execute(sql`select set_config('app.sees_private', 'on', true)`);
  await moveReferences(ctx, object, mergedIds, survivor.id);
  await ctx.db.execute(sql`select set_config('app.sees_private', ${before?.v ?? ""}, true)`);
  await ctx.db
    .update(t)
    .set({ deletedAt: sql`now()`, deletedBy: ctx.userId })
    .where(and(eq(t.workspaceId, ctx.workspaceId), inArray(t.id, mergedIds)));
  const names = others.map((o) => String(o.name ?? o.title ?? [o.firstName, o.lastName].filter(Boolean).join(" ")));
  await recordActivity(ctx, { recordType: object, recordId: survivor.id, kind: "merged", data: { names, ids: mergedIds } });
  return { id: survivor.id, merged: mergedIds.length };
}

/** Everything that pointed at the merged records points at the survivor. */
async function moveReferences(ctx: WorkspaceCtx, object: RecordObject, from: string[], to: string) {
  const ws = ctx.workspaceId;
  const move = (table: typeof contacts | typeof deals | typeof leads, column: AnyPgColumn) =>
    ctx.db
      .update(table)
      .set({ [columnKey(column)]: to } as never)
      .where(and(eq(table.workspaceId, ws), inArray(column, from)));
  if (object === "company") {
    await move(contacts, contacts.companyId);
    await move(deals, deals.companyId);
    await move(leads, leads.convertedCompanyId);
  } else if (object === "contact") {
    await move(deals, deals.contactId);
    await move(leads, leads.convertedContactId);
  } else if (object === "deal") {
    await move(leads, leads.convertedDealId);
  }
  // The people on a deal: the survivor takes each role once.
  if (object === "contact" || object === "deal") {
    const key = object === "contact" ? dealContacts.contactId : dealContacts.dealId;
    const mine = object === "contact" ? "contact_id" : "deal_id";
    await ctx.db.execute(
      sql`insert into deal_contacts (workspace_id, deal_id, contact_id, role, created_at)
          select workspace_id, ${object === "deal" ? sql`${to}::uuid` : sql.raw("deal_id")}, ${object === "contact" ? sql`${to}::uuid` : sql.raw("contact_id")}, role, created_at
          from deal_contacts where workspace_id = ${ws} and ${sql.raw(mine)} = any(${textArray(from)}::uuid[])
          on conflict do nothing`,
    );
    await ctx.db.delete(dealContacts).where(and(eq(dealContacts.workspaceId, ws), inArray(key, from)));
  }
  await ctx.db.update(tasks).set({ recordId: to }).where(and(eq(tasks.workspaceId, ws), eq(tasks.recordType, object), inArray(tasks.recordId, from)));
  await ctx.db
    .update(activities)
    .set({ recordId: to })
    .where(and(eq(activities.workspaceId, ws), eq(activities.recordType, object), inArray(activities.recordId, from)));
  await ctx.db
    .update(notifications)
    .set({ recordId: to })
    .where(and(eq(notifications.workspaceId, ws), eq(notifications.recordType, object), inArray(notifications.recordId, from)));
  // Custom relation fields of any record type that point at a merged record.
  const relations = (await listCustomFields(ctx)).filter((f) => f.type === "relation" && f.options.relatesTo === object);
  for (const f of relations) {
    const target = recordTables[f.object];
    await ctx.db
      .update(target)
      .set({ custom: sql`jsonb_set(${target.custom}, ${`{${f.id}}`}::text[], to_jsonb(${to}::text))` })
      .where(and(eq(target.workspaceId, ws), sql`${target.custom}->>${f.id} = any(${textArray(from)})`));
  }
}

/** The property a Drizzle column is set by: company_id → companyId. */
function columnKey(column: AnyPgColumn): string {
  return column.name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
