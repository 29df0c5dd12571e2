import { and, eq, isNotNull, isNull, lte, sql } from "drizzle-orm";
import { forEachWorkspace, type DbOrTx } from "@/server/db/client";
import { deals, pipelineStages } from "@/server/db/schema";
import { notify } from "@/server/domain/notifications/notifications";

/**
 * Daily: every open deal whose expected close date has come tells its owner once per day.
 * A system job: it goes through every workspace, inside each in turn (row-level security).
 */
export async function dealCloseDateReminders(db: DbOrTx, today = new Date().toISOString().slice(0, 10)) {
  return forEachWorkspace(db, (tx) => remindersIn(tx, today));
}

async function remindersIn(db: DbOrTx, today: string) {
  const due = await db
    .select({ workspaceId: deals.workspaceId, id: deals.id, title: deals.title, ownerId: deals.ownerId, date: deals.expectedCloseDate })
    .from(deals)
    .innerJoin(pipelineStages, and(eq(pipelineStages.workspaceId, deals.workspaceId), eq(pipelineStages.id, deals.stageId)))
    .where(
      and(eq(pipelineStages.kind, "open"), isNull(deals.deletedAt), isNotNull(deals.ownerId), lte(deals.expectedCloseDate, sql`${today}::date`)),
    );
  for (const d of due) {
    await notify(db, {
      workspaceId: d.workspaceId,
      userId: d.ownerId!,
      kind: "deal.close_date",
      title: d.date === today ? `“${d.title}” is expected to close today` : `“${d.title}” was expected to close on ${d.date}`,
      recordType: "deal",
      recordId: d.id,
      dedupeKey: `close_date:${d.id}:${today}`,
    });
  }
  return due.length;
}
