import { and, asc, eq, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { contacts, leads, retentionRules, type RetentionKind } from "@/server/db/schema";
import { recordTables } from "@/server/db/record-tables";
import { notFound } from "@/shared/errors";
import { recordObjects, type RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { audit } from "../audit/audit";
import { purgeFromTrash } from "../trash/trash";
import { erasePerson } from "./privacy";

/** At most this many records per rule per run: a big backlog is worked off over several nights. */
export const RETENTION_BATCH = 500;

const ago = (days: number) => sql`now() - make_interval(days => ${days})`;

/** The records a rule applies to now, oldest first. */
async function due(ctx: Pick<WorkspaceCtx, "db" | "workspaceId">, kind: RetentionKind, days: number, limit: number): Promise<{ type: RecordObject; id: string }[]> {
  const ws = ctx.workspaceId;
  if (kind === "stale_leads") {
    // Leads nobody changed for that long, never converted, not erased already (in the trash too).
    const rows = await ctx.db
      .select({ id: leads.id })
      .from(leads)
      .where(and(eq(leads.workspaceId, ws), isNull(leads.convertedAt), isNull(leads.erasedAt), lt(leads.updatedAt, ago(days))))
      .orderBy(asc(leads.updatedAt))
      .limit(limit);
    return rows.map((r) => ({ type: "lead" as const, id: r.id }));
  }
  if (kind === "withdrawn_contacts") {
    // Contacts who gave consents and withdrew every one, the last that long ago.
    const rows = await ctx.db.execute<{ id: string }>(sql`
      select c.id from ${contacts} c
       where c.workspace_id = ${ws} and c.erased_at is null
         and exists (select 1 from contact_consents k where k.workspace_id = c.workspace_id and k.contact_id = c.id)
         and not exists (select 1 from contact_consents k where k.workspace_id = c.workspace_id and k.contact_id = c.id and k.withdrawn_at is null)
         and (select max(k.withdrawn_at) from contact_consents k where k.workspace_id = c.workspace_id and k.contact_id = c.id) < ${ago(days)}
       order by c.id limit ${limit}`);
    return [...rows].map((r) => ({ type: "contact" as const, id: r.id }));
  }
  const out: { type: RecordObject; id: string }[] = [];
  for (const type of recordObjects) {
    if (out.length >= limit) break;
    const t = recordTables[type];
    const rows = await ctx.db
      .select({ id: t.id })
      .from(t)
      .where(and(eq(t.workspaceId, ws), isNotNull(t.deletedAt), lt(t.deletedAt, ago(days))))
      .orderBy(asc(t.deletedAt))
      .limit(limit - out.length);
    out.push(...rows.map((r) => ({ type, id: r.id })));
  }
  return out;
}

export async function listRetentionRules(ctx: WorkspaceCtx) {
  return ctx.db.select().from(retentionRules).where(eq(retentionRules.workspaceId, ctx.workspaceId)).orderBy(asc(retentionRules.createdAt));
}

/** How many records a rule would erase or delete if it ran now (up to a limit shown as "10,000+"). */
export async function previewRetention(ctx: WorkspaceCtx, input: { kind: RetentionKind; days: number }) {
  return { count: (await due(ctx, input.kind, input.days, 10_001)).length };
}

/** One rule per kind: setting it again changes its days and turns it on. */
export async function setRetentionRule(ctx: WorkspaceCtx, input: { kind: RetentionKind; days: number; enabled: boolean }) {
  const [rule] = await ctx.db
    .insert(retentionRules)
    .values({ workspaceId: ctx.workspaceId, kind: input.kind, days: input.days, enabled: input.enabled, createdBy: ctx.userId })
    .onConflictDoUpdate({ target: [retentionRules.workspaceId, retentionRules.kind], set: { days: input.days, enabled: input.enabled } })
    .returning();
  return rule!;
}

export async function removeRetentionRule(ctx: WorkspaceCtx, id: string) {
  const [rule] = await ctx.db
    .delete(retentionRules)
    .where(and(eq(retentionRules.workspaceId, ctx.workspaceId), eq(retentionRules.id, id)))
    .returning({ id: retentionRules.id });
  if (!rule) throw notFound("retention rule");
  return rule;
}

/**
 * Applies the workspace's enabled rules (inside the caller's transaction, as the workspace): each
 * erasure and deletion goes through the same code as by hand, so it is audited the same way, and
 * the run itself is audited with its counts.
 */
export async function applyRetention(ctx: WorkspaceCtx, opts: { onlyRuleId?: string } = {}) {
  const rules = (await listRetentionRules(ctx)).filter((r) => r.enabled && (!opts.onlyRuleId || r.id === opts.onlyRuleId));
  const results: { kind: RetentionKind; count: number }[] = [];
  for (const rule of rules) {
    const records = await due(ctx, rule.kind, rule.days, RETENTION_BATCH);
    for (const r of records) {
      if (rule.kind === "trash") await purgeFromTrash(ctx, r.type, r.id);
      else await erasePerson(ctx, r.type as "contact" | "lead", r.id);
    }
    await ctx.db
      .update(retentionRules)
      .set({ lastRunAt: sql`now()`, lastCount: records.length })
      .where(and(eq(retentionRules.workspaceId, ctx.workspaceId), eq(retentionRules.id, rule.id)));
    if (records.length) {
      await audit(ctx.db, { workspaceId: ctx.workspaceId, action: "retention.applied", objectType: "retention_rule", objectId: rule.id, after: { kind: rule.kind, days: rule.days, count: records.length } });
    }
    results.push({ kind: rule.kind, count: records.length });
  }
  return results;
}
