import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, ilike, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { inOrder } from "@/server/db/in-order";
import { companies, contacts, deals, pipelineStages, pipelines, users } from "@/server/db/schema";
import { textArray } from "@/server/db/sql-values";
import { AppError, notFound } from "@/shared/errors";
import type { createDealInput, dealListInput, updateDealInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { recordActivities, recordActivity } from "../activities/activities";
import { recordFieldChanges } from "../activities/field-changes";
import { addJob } from "../jobs/add-job";
import { assertAllInWorkspace, escapeLike } from "../references";
import { listCustomFields, mergeCustom, prepareCustomValues } from "../custom-fields/custom-fields";

/** A live (not trashed) deal of the caller's workspace. */
const scope = (ctx: WorkspaceCtx, id: string) =>
  and(eq(deals.workspaceId, ctx.workspaceId), eq(deals.id, id), isNull(deals.deletedAt));

export async function listPipelines(ctx: WorkspaceCtx) {
  const rows = await ctx.db
    .select({ pipeline: pipelines, stage: pipelineStages })
    .from(pipelines)
    .innerJoin(
      pipelineStages,
      and(eq(pipelineStages.workspaceId, pipelines.workspaceId), eq(pipelineStages.pipelineId, pipelines.id)),
    )
    .where(eq(pipelines.workspaceId, ctx.workspaceId))
    .orderBy(asc(pipelines.position), asc(pipelineStages.position));
  const byId = new Map<string, { id: string; name: string; stages: (typeof rows)[number]["stage"][] }>();
  for (const { pipeline, stage } of rows) {
    const entry = byId.get(pipeline.id) ?? { id: pipeline.id, name: pipeline.name, stages: [] };
    entry.stages.push(stage);
    byId.set(pipeline.id, entry);
  }
  return [...byId.values()];
}

const dealColumns = {
  id: deals.id,
  title: deals.title,
  amount: deals.amount,
  currency: deals.currency,
  stageId: deals.stageId,
  stageName: pipelineStages.name,
  stagePosition: pipelineStages.position,
  stageKind: pipelineStages.kind,
  probability: sql<number>`coalesce(${deals.probability}, ${pipelineStages.probability})`.mapWith(Number),
  probabilityOverridden: sql<boolean>`${deals.probability} is not null`.mapWith(Boolean),
  closeReason: deals.closeReason,
  pipelineId: deals.pipelineId,
  companyId: deals.companyId,
  companyName: companies.name,
  contactId: deals.contactId,
  contactName: sql<string | null>`nullif(trim(concat_ws(' ', ${contacts.firstName}, ${contacts.lastName})), '')`,
  ownerId: deals.ownerId,
  ownerName: users.name,
  expectedCloseDate: deals.expectedCloseDate,
  custom: deals.custom,
  tags: deals.tags,
  updatedAt: deals.updatedAt,
};

function dealQuery(ctx: WorkspaceCtx) {
  return ctx.db
    .select(dealColumns)
    .from(deals)
    .innerJoin(pipelineStages, and(eq(pipelineStages.workspaceId, deals.workspaceId), eq(pipelineStages.id, deals.stageId)))
    // Links to records in the trash stay, but do not show.
    .leftJoin(companies, and(eq(companies.workspaceId, deals.workspaceId), eq(companies.id, deals.companyId), isNull(companies.deletedAt)))
    .leftJoin(contacts, and(eq(contacts.workspaceId, deals.workspaceId), eq(contacts.id, deals.contactId), isNull(contacts.deletedAt)))
    .leftJoin(users, eq(users.id, deals.ownerId));
}

/**
 * A page of deals, most recently touched first. The page's ids come first from the list index
 * alone; the joins (stage, company, contact, owner) then run for those 50 rows only — the
 * planner would otherwise join every deal before sorting.
 */
export async function listDeals(ctx: WorkspaceCtx, input: z.infer<typeof dealListInput>) {
  const page = await ctx.db
    .select({ id: deals.id })
    .from(deals)
    .where(
      and(
        eq(deals.workspaceId, ctx.workspaceId),
        isNull(deals.deletedAt),
        input.pipelineId ? eq(deals.pipelineId, input.pipelineId) : undefined,
        input.search ? ilike(deals.searchText, `%${escapeLike(input.search.toLowerCase())}%`) : undefined,
      ),
    )
    .orderBy(desc(deals.updatedAt), desc(deals.id))
    .limit(input.limit);
  if (page.length === 0) return [];
  const rows = await dealQuery(ctx).where(
    and(
      eq(deals.workspaceId, ctx.workspaceId),
      inArray(
        deals.id,
        page.map((p) => p.id),
      ),
    ),
  );
  const order = new Map(page.map((p, i) => [p.id, i]));
  return rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}

export async function getDeal(ctx: WorkspaceCtx, id: string) {
  const [deal] = await dealQuery(ctx).where(scope(ctx, id)).limit(1);
  if (!deal) throw notFound("deal");
  return deal;
}

async function stageOf(ctx: WorkspaceCtx, stageId: string) {
  return (await stagesById(ctx, [stageId])).get(stageId)!;
}

/** The stages named, each of which must exist in the workspace. */
async function stagesById(ctx: WorkspaceCtx, ids: string[]) {
  const unique = [...new Set(ids)];
  const stages = await ctx.db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), sql`${pipelineStages.id} = any(${textArray(unique)}::uuid[])`));
  if (stages.length < unique.length) throw new AppError("INVALID", "stage.invalid_reference", "The selected stage does not exist in this workspace.");
  return new Map(stages.map((s) => [s.id, s]));
}

async function checkReferences(ctx: WorkspaceCtx, inputs: { companyId?: string | null; contactId?: string | null }[]) {
  await assertAllInWorkspace(ctx, "company", inputs.flatMap((i) => (i.companyId ? [i.companyId] : [])));
  await assertAllInWorkspace(ctx, "contact", inputs.flatMap((i) => (i.contactId ? [i.contactId] : [])));
}

export async function createDeal(ctx: WorkspaceCtx, input: z.infer<typeof createDealInput>) {
  const [deal] = await createDeals(ctx, [input]);
  return deal!;
}

/**
 * Deals made together (an import's batch): the same checks, rows and timeline entries as one at a
 * time, in one statement each. All or none: the first refusal throws.
 */
export async function createDeals(ctx: WorkspaceCtx, inputs: z.infer<typeof createDealInput>[]) {
  if (inputs.length === 0) return [];
  const stages = await stagesById(ctx, inputs.map((i) => i.stageId));
  await checkReferences(ctx, inputs);
  const fields = await listCustomFields(ctx, "deal");
  const rows = [];
  for (const { custom, ...input } of inputs) {
    const values = await prepareCustomValues(ctx, "deal", custom ?? {}, "create", fields);
    rows.push({
      ...input,
      custom: values.set,
      // The id is given so that each row is known again among those the insert returns.
      id: randomUUID(),
      workspaceId: ctx.workspaceId,
      pipelineId: stages.get(input.stageId)!.pipelineId,
      ownerId: ctx.userId,
      createdBy: ctx.userId,
      updatedBy: ctx.userId,
    });
  }
  const created = inOrder(rows, await ctx.db.insert(deals).values(rows).returning());
  await recordActivities(
    ctx,
    created.map((deal) => ({ recordType: "deal", recordId: deal.id, kind: "created", data: { title: deal.title, stage: stages.get(deal.stageId)!.name } })),
  );
  return created;
}

/**
 * The one way a deal changes, whoever asks (form, board, API, job). A stage change also enqueues
 * `deal_stage_changed` in the same transaction, which writes the timeline entry and notifies.
 */
export async function updateDeal(ctx: WorkspaceCtx, { id, custom, ...patch }: z.infer<typeof updateDealInput>) {
  const [before] = await ctx.db.select().from(deals).where(scope(ctx, id)).for("update").limit(1);
  if (!before) throw notFound("deal");
  await checkReferences(ctx, [patch]);
  let pipelineId = before.pipelineId;
  const stageChanged = patch.stageId !== undefined && patch.stageId !== before.stageId;
  if (stageChanged) pipelineId = (await stageOf(ctx, patch.stageId!)).pipelineId;

  const values = custom ? await prepareCustomValues(ctx, "deal", custom, "update") : null;
  const [deal] = await ctx.db
    .update(deals)
    .set({
      ...patch,
      ...(values ? { custom: mergeCustom(deals.custom, values) } : {}),
      pipelineId,
      updatedBy: ctx.userId,
      updatedAt: sql`now()`,
      ...(stageChanged ? { stageChangedAt: sql`now()` } : {}),
    })
    .where(scope(ctx, id))
    .returning();

  await recordFieldChanges(ctx, "deal", id, before, deal!);
  if (stageChanged) {
    const eventId = crypto.randomUUID();
    await addJob(ctx.db, "deal_stage_changed", {
      eventId,
      workspaceId: ctx.workspaceId,
      dealId: id,
      actorId: ctx.userId,
      fromStageId: before.stageId,
      toStageId: patch.stageId,
      reason: patch.closeReason ?? null,
    });
  }
  return deal!;
}

/** To the trash, from where it can be restored. */
export async function deleteDeal(ctx: WorkspaceCtx, id: string) {
  const [gone] = await ctx.db
    .update(deals)
    .set({ deletedAt: sql`now()`, deletedBy: ctx.userId })
    .where(scope(ctx, id))
    .returning({ id: deals.id, title: deals.title });
  if (!gone) throw notFound("deal");
  await recordActivity(ctx, { recordType: "deal", recordId: id, kind: "deleted", data: { title: gone.title } });
  return { id: gone.id };
}
