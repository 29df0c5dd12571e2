import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { tasks, users } from "@/server/db/schema";
import { notify } from "@/server/domain/notifications/notifications";

export const taskAssignedPayload = z.object({
  eventId: z.uuid(),
  workspaceId: z.uuid(),
  taskId: z.uuid(),
  assigneeId: z.uuid(),
  actorId: z.uuid(),
});

/** Tells the assignee, once per assignment (keyed on the event), if the task is still theirs. */
export async function taskAssigned(db: DbOrTx, raw: unknown) {
  const p = taskAssignedPayload.parse(raw);
  const [task] = await db
    .select({ title: tasks.title, assigneeId: tasks.assigneeId, recordType: tasks.recordType, recordId: tasks.recordId })
    .from(tasks)
    .where(and(eq(tasks.workspaceId, p.workspaceId), eq(tasks.id, p.taskId)))
    .limit(1);
  if (!task || task.assigneeId !== p.assigneeId) return;
  const [actor] = await db.select({ name: users.name }).from(users).where(eq(users.id, p.actorId)).limit(1);
  await notify(db, {
    workspaceId: p.workspaceId,
    userId: p.assigneeId,
    kind: "task.assigned",
    title: `${actor?.name ?? "Someone"} assigned you “${task.title}”`,
    recordType: task.recordType ?? undefined,
    recordId: task.recordId ?? undefined,
    dedupeKey: `task_assigned:${p.eventId}`,
  });
}
