import { forgetSensitive } from "../sensitive/sensitive";
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { contacts, deals, leads } from "@/server/db/schema";
import { recordTables as tables } from "@/server/db/record-tables";
import { notFound } from "@/shared/errors";
import type { RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { recordActivity } from "../activities/activities";


export interface TrashItem {
  type: RecordObject;
  id: string;
  title: string;
  deletedAt: Date;
  deletedByName: string | null;
}

/** What is in the trash, newest first, for the record types the caller may see. */
export async function listTrash(ctx: WorkspaceCtx, types: RecordObject[], limit = 100): Promise<TrashItem[]> {
  if (types.length === 0) return [];
  const parts = [];
  if (types.includes("company")) parts.push(sql`select 'company' as type, id, name as title, deleted_at, deleted_by from companies where workspace_id = ${ctx.workspaceId} and deleted_at is not null`);
  if (types.includes("contact"))
    parts.push(sql`select 'contact', id, trim(first_name || ' ' || coalesce(last_name, '')), deleted_at, deleted_by from contacts where workspace_id = ${ctx.workspaceId} and deleted_at is not null`);
  if (types.includes("deal")) parts.push(sql`select 'deal', id, title, deleted_at, deleted_by from deals where workspace_id = ${ctx.workspaceId} and deleted_at is not null`);
  if (types.includes("lead"))
    parts.push(sql`select 'lead', id, trim(first_name || ' ' || coalesce(last_name, '')), deleted_at, deleted_by from leads where workspace_id = ${ctx.workspaceId} and deleted_at is not null`);
  const rows = await ctx.db.execute<{ type: RecordObject; id: string; title: string; deleted_at: string | Date; deleted_by_name: string | null }>(
    sql`select t.type, t.id, t.title, t.deleted_at, u.name as deleted_by_name
        from (${sql.join(parts, sql` union all `)}) t left join users u on u.id = t.deleted_by
        order by t.deleted_at desc limit ${limit}`,
  );
  return [...rows].map((r) => ({ type: r.type, id: r.id, title: r.title, deletedAt: new Date(r.deleted_at), deletedByName: r.deleted_by_name }));
}

function inTrash(ctx: WorkspaceCtx, type: RecordObject, id: string) {
  const t = tables[type];
  return and(eq(t.workspaceId, ctx.workspaceId), eq(t.id, id), isNotNull(t.deletedAt));
}

/** Back from the trash, with every link it had. */
export async function restoreFromTrash(ctx: WorkspaceCtx, type: RecordObject, id: string) {
  const t = tables[type];
  const [row] = await ctx.db
    .update(t)
    .set({ deletedAt: null, deletedBy: null, updatedBy: ctx.userId, updatedAt: sql`now()` })
    .where(inTrash(ctx, type, id))
    .returning({ id: t.id });
  if (!row) throw notFound(type);
  await recordActivity(ctx, { recordType: type, recordId: id, kind: "restored" });
  return { type, id };
}

/**
 * Gone for good. Links from other records are cleared first (the composite foreign keys refuse
 * otherwise), all in the caller's transaction.
 */
export async function purgeFromTrash(ctx: WorkspaceCtx, type: RecordObject, id: string) {
  const ws = ctx.workspaceId;
  if (type === "company") {
    await ctx.db.update(contacts).set({ companyId: null }).where(and(eq(contacts.workspaceId, ws), eq(contacts.companyId, id)));
    await ctx.db.update(deals).set({ companyId: null }).where(and(eq(deals.workspaceId, ws), eq(deals.companyId, id)));
    await ctx.db.update(leads).set({ convertedCompanyId: null }).where(and(eq(leads.workspaceId, ws), eq(leads.convertedCompanyId, id)));
  } else if (type === "contact") {
    await ctx.db.update(deals).set({ contactId: null }).where(and(eq(deals.workspaceId, ws), eq(deals.contactId, id)));
    await ctx.db.update(leads).set({ convertedContactId: null }).where(and(eq(leads.workspaceId, ws), eq(leads.convertedContactId, id)));
  } else if (type === "deal") {
    await ctx.db.update(leads).set({ convertedDealId: null }).where(and(eq(leads.workspaceId, ws), eq(leads.convertedDealId, id)));
  }
  const t = tables[type];
  const [row] = await ctx.db.delete(t).where(inTrash(ctx, type, id)).returning({ id: t.id });
  if (!row) throw notFound(type);
  await forgetSensitive(ctx.db, ws, type, id);
  return { type, id };
}
