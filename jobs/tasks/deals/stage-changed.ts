import { and, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { deals, pipelineStages, users } from "@/server/db/schema";
import { insertActivity } from "@/server/domain/activities/activities";
import { followers } from "@/server/domain/notifications/follows";
import { notifyAll } from "@/server/domain/notifications/notifications";

export const stageChangedPayload = z.object({
  eventId: z.uuid(),
  workspaceId: z.uuid(),
  dealId: z.uuid(),
  actorId: z.uuid(),
  fromStageId: z.uuid(),
  toStageId: z.uuid(),
  /** Why it was won or lost, when given (older jobs carry none). */
  reason: z.string().nullish(),
});

/**
 * A deal moved stage: write the timeline entry and tell the deal's owner (unless they moved it).
 * Idempotent: the timeline entry's id is the event id and the notification is keyed on it, so a
 * retry after a crash writes each once.
 */
export async function dealStageChanged(db: DbOrTx, raw: unknown) {
  const p = stageChangedPayload.parse(raw);
  await db.transaction(async (tx) => {
    const [deal] = await tx
      .select({ title: deals.title, ownerId: deals.ownerId })
      .from(deals)
      .where(and(eq(deals.workspaceId, p.workspaceId), eq(deals.id, p.dealId)))
      .limit(1);
    if (!deal) return; // deleted since: nothing to tell
    const stages = await tx
      .select({ id: pipelineStages.id, name: pipelineStages.name })
      .from(pipelineStages)
      .where(and(eq(pipelineStages.workspaceId, p.workspaceId), inArray(pipelineStages.id, [p.fromStageId, p.toStageId])));
    const name = (id: string) => stages.find((s) => s.id === id)?.name ?? "a removed stage";
    await insertActivity(tx, p.workspaceId, p.actorId, {
      id: p.eventId,
      recordType: "deal",
      recordId: p.dealId,
      kind: "stage_changed",
      data: { from: name(p.fromStageId), to: name(p.toStageId), ...(p.reason ? { reason: p.reason } : {}) },
    });
    // Its owner and everyone following it, except whoever moved it.
    const audience = [...(deal.ownerId ? [deal.ownerId] : []), ...(await followers(tx, p.workspaceId, "deal", p.dealId))];
    if (audience.some((u) => u !== p.actorId)) {
      const [actor] = await tx.select({ name: users.name }).from(users).where(eq(users.id, p.actorId)).limit(1);
      await notifyAll(tx, audience, p.actorId, {
        workspaceId: p.workspaceId,
        kind: "deal.stage_changed",
        title: `${actor?.name ?? "Someone"} moved “${deal.title}” to ${name(p.toStageId)}`,
        recordType: "deal",
        recordId: p.dealId,
        // The owner's key stays as it was, so a job queued before followers existed notifies once.
        dedupeKey: (u) => (u === deal.ownerId ? `stage_changed:${p.eventId}` : `stage_changed:${p.eventId}:${u}`),
      });
    }
  });
}
