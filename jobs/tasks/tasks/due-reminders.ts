import { and, gte, isNotNull, lt, ne } from "drizzle-orm";
import { forEachWorkspace, type DbOrTx } from "@/server/db/client";
import { tasks } from "@/server/db/schema";
import { notify } from "@/server/domain/notifications/notifications";

/**
 * Each morning: the assignee of every open task due today hears of it, once per task and day
 * (a job run twice notifies once).
 */
export async function taskDueReminders(db: DbOrTx, now = new Date()) {
  return forEachWorkspace(db, (tx) => remindersIn(tx, now));
}

async function remindersIn(db: DbOrTx, now: Date) {
  const day = now.toISOString().slice(0, 10);
  const start = new Date(`${day}T00:00:00Z`);
  const end = new Date(start.getTime() + 24 * 3600_000);
  const due = await db
    .select({ workspaceId: tasks.workspaceId, id: tasks.id, title: tasks.title, assigneeId: tasks.assigneeId, recordType: tasks.recordType, recordId: tasks.recordId })
    .from(tasks)
    .where(and(isNotNull(tasks.assigneeId), ne(tasks.status, "done"), gte(tasks.dueAt, start), lt(tasks.dueAt, end)));
  for (const t of due) {
    await notify(db, {
      workspaceId: t.workspaceId,
      userId: t.assigneeId!,
      kind: "task.due",
      title: `“${t.title}” is due today`,
      recordType: t.recordType ?? undefined,
      recordId: t.recordId ?? undefined,
      dedupeKey: `task_due:${t.id}:${day}`,
    });
  }
  return due.length;
}
