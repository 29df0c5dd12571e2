import { and, count, eq, inArray, max, ne, sql } from "drizzle-orm";
import { deals, pipelineStages, pipelines } from "@/server/db/schema";
import { AppError, notFound } from "@/shared/errors";
import type { pipelineInput, stagesInput } from "@/shared/schemas";
import type { z } from "zod";
import { defaultStages } from "../workspaces/default-pipeline";
import type { WorkspaceCtx } from "../context";

async function pipelineOf(ctx: WorkspaceCtx, id: string) {
  const [pipeline] = await ctx.db
    .select()
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, ctx.workspaceId), eq(pipelines.id, id)))
    .for("update")
    .limit(1);
  if (!pipeline) throw notFound("pipeline");
  return pipeline;
}

/** A new pipeline, with the usual stages unless others are given; it goes last. */
export async function createPipeline(ctx: WorkspaceCtx, input: z.infer<typeof pipelineInput>) {
  const [last] = await ctx.db.select({ position: max(pipelines.position) }).from(pipelines).where(eq(pipelines.workspaceId, ctx.workspaceId));
  const [pipeline] = await ctx.db
    .insert(pipelines)
    .values({ workspaceId: ctx.workspaceId, name: input.name, position: (last?.position ?? -1) + 1 })
    .returning();
  const stages = input.stages ?? defaultStages.map((s) => ({ ...s }));
  await ctx.db
    .insert(pipelineStages)
    .values(stages.map((s, position) => ({ workspaceId: ctx.workspaceId, pipelineId: pipeline!.id, position, name: s.name, probability: s.probability, kind: s.kind })));
  return pipeline!;
}

export async function renamePipeline(ctx: WorkspaceCtx, input: { id: string; name: string }) {
  await pipelineOf(ctx, input.id);
  const [pipeline] = await ctx.db
    .update(pipelines)
    .set({ name: input.name })
    .where(and(eq(pipelines.workspaceId, ctx.workspaceId), eq(pipelines.id, input.id)))
    .returning();
  return pipeline!;
}

/**
 * A pipeline goes only when no deal is in it (trashed deals included: they could be restored),
 * and never the last one.
 */
export async function deletePipeline(ctx: WorkspaceCtx, id: string) {
  await pipelineOf(ctx, id);
  const [others] = await ctx.db
    .select({ n: count() })
    .from(pipelines)
    .where(and(eq(pipelines.workspaceId, ctx.workspaceId), ne(pipelines.id, id)));
  if (!others?.n) throw new AppError("CONFLICT", "pipeline.last", "A workspace keeps at least one pipeline.");
  const [held] = await ctx.db
    .select({ n: count() })
    .from(deals)
    .where(and(eq(deals.workspaceId, ctx.workspaceId), eq(deals.pipelineId, id)));
  if (held?.n) {
    throw new AppError(
      "CONFLICT",
      "pipeline.has_deals",
      `This pipeline still holds ${held.n} ${held.n === 1 ? "deal" : "deals"} (in the trash too). Move or delete them first.`,
    );
  }
  await ctx.db.delete(pipelines).where(and(eq(pipelines.workspaceId, ctx.workspaceId), eq(pipelines.id, id)));
  return { id };
}

/**
 * A pipeline's stages as the admin arranged them: kept stages (with an id) are renamed and
 * reordered, new ones added, missing ones removed. The deals of a removed stage move to the
 * stage `moveDealsTo` names for it, which must be one of the stages kept; nothing is left
 * pointing at a stage that is gone.
 */
export async function saveStages(ctx: WorkspaceCtx, input: z.infer<typeof stagesInput>) {
  await pipelineOf(ctx, input.pipelineId);
  const current = await ctx.db
    .select()
    .from(pipelineStages)
    .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), eq(pipelineStages.pipelineId, input.pipelineId)));
  const currentIds = new Set(current.map((s) => s.id));
  for (const s of input.stages) {
    if (s.id && !currentIds.has(s.id)) throw new AppError("INVALID", "stage.invalid_reference", `The stage “${s.name}” is not in this pipeline.`);
  }
  const keptIds = new Set(input.stages.flatMap((s) => (s.id ? [s.id] : [])));
  const removed = current.filter((s) => !keptIds.has(s.id));

  // Insert the new stages first, so that deals can move to them.
  const ids: string[] = [];
  for (const [position, s] of input.stages.entries()) {
    if (s.id) {
      await ctx.db
        .update(pipelineStages)
        .set({ name: s.name, probability: s.probability, kind: s.kind, position })
        .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), eq(pipelineStages.id, s.id)));
      ids.push(s.id);
    } else {
      const [row] = await ctx.db
        .insert(pipelineStages)
        .values({ workspaceId: ctx.workspaceId, pipelineId: input.pipelineId, name: s.name, probability: s.probability, kind: s.kind, position })
        .returning({ id: pipelineStages.id });
      ids.push(row!.id);
    }
  }

  if (removed.length) {
    const held = await ctx.db
      .select({ stageId: deals.stageId, n: count() })
      .from(deals)
      .where(and(eq(deals.workspaceId, ctx.workspaceId), inArray(deals.stageId, removed.map((s) => s.id))))
      .groupBy(deals.stageId);
    for (const { stageId, n } of held) {
      const stage = removed.find((s) => s.id === stageId)!;
      // The target is a kept stage by id, or a new one by its position in the list.
      const target = input.moveDealsTo?.[stageId];
      const targetId = typeof target === "number" ? ids[target] : target;
      if (!targetId || !ids.includes(targetId)) {
        throw new AppError(
          "INVALID",
          "stage.has_deals",
          `“${stage.name}” holds ${n} ${n === 1 ? "deal" : "deals"}: choose the stage they move to before removing it.`,
        );
      }
      await ctx.db
        .update(deals)
        .set({ stageId: targetId, updatedAt: sql`now()`, updatedBy: ctx.userId })
        .where(and(eq(deals.workspaceId, ctx.workspaceId), eq(deals.stageId, stageId)));
    }
    await ctx.db
      .delete(pipelineStages)
      .where(and(eq(pipelineStages.workspaceId, ctx.workspaceId), inArray(pipelineStages.id, removed.map((s) => s.id))));
  }
  return { pipelineId: input.pipelineId, stageIds: ids };
}
