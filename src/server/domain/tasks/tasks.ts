import { and, desc, eq, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { comments, recordFollows, tasks, users } from "@/server/db/schema";
import { forgetDocument } from "../record-docs/history";
import { formatDocName } from "@/shared/doc-names";
import { AppError, notFound } from "@/shared/errors";
import type { createTaskInput, listTasksInput, updateTaskInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { recordActivity } from "../activities/activities";
import { addJob } from "../jobs/add-job";
import { assertInWorkspace } from "../references";
import { isMember } from "../workspaces/memberships";
import { recordTitle } from "../comments/comments";
import { follow } from "../notifications/follows";

const scope = (ctx: WorkspaceCtx, id: string) => and(eq(tasks.workspaceId, ctx.workspaceId), eq(tasks.id, id));

async function assertMember(ctx: WorkspaceCtx, userId: string) {
  if (!(await isMember(ctx.db, ctx.workspaceId, userId))) {
    throw new AppError("INVALID", "task.invalid_assignee", "Tasks can only be assigned to members of this workspace.");
  }
}

/**
 * Tell someone a task is theirs, by a job in the same transaction (never for self-assignment).
 * The assignee follows the task, so comments on it reach them.
 */
async function announceAssignment(ctx: WorkspaceCtx, taskId: string, assigneeId: string | null) {
  if (!assigneeId) return;
  await follow(ctx.db, ctx.workspaceId, assigneeId, "task", taskId);
  if (assigneeId === ctx.userId) return;
  await addJob(ctx.db, "task_assigned", { eventId: crypto.randomUUID(), workspaceId: ctx.workspaceId, taskId, assigneeId, actorId: ctx.userId });
}

export async function listTasks(ctx: WorkspaceCtx, input: z.infer<typeof listTasksInput>) {
  return ctx.db
    .select({
      id: tasks.id,
      title: tasks.title,
      notes: tasks.notes,
      dueAt: tasks.dueAt,
      priority: tasks.priority,
      status: tasks.status,
      assigneeId: tasks.assigneeId,
      assigneeName: users.name,
      recordType: tasks.recordType,
      recordId: tasks.recordId,
      completedAt: tasks.completedAt,
      createdAt: tasks.createdAt,
    })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .where(
      and(
        eq(tasks.workspaceId, ctx.workspaceId),
        input.assignee === "me" ? eq(tasks.assigneeId, ctx.userId) : undefined,
        input.status === "open" ? ne(tasks.status, "done") : input.status === "done" ? eq(tasks.status, "done") : undefined,
        input.recordType ? eq(tasks.recordType, input.recordType) : undefined,
        input.recordId ? eq(tasks.recordId, input.recordId) : undefined,
      ),
    )
    // Open first; the soonest due first; undated last.
    .orderBy(sql`${tasks.status} = 'done'`, sql`${tasks.dueAt} asc nulls last`, desc(tasks.createdAt))
    .limit(input.limit);
}

/** One task, with its assignee's name and the name of the record it is about. */
export async function getTask(ctx: WorkspaceCtx, id: string) {
  const [task] = await ctx.db
    .select({ task: tasks, assigneeName: users.name })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .where(scope(ctx, id))
    .limit(1);
  if (!task) throw notFound("task");
  const { recordType, recordId } = task.task;
  const recordName = recordType && recordId ? await recordTitle(ctx.db, ctx.workspaceId, recordType, recordId) : null;
  return { ...task.task, assigneeName: task.assigneeName, recordName };
}

export async function createTask(ctx: WorkspaceCtx, input: z.infer<typeof createTaskInput>) {
  if (input.assigneeId) await assertMember(ctx, input.assigneeId);
  if (input.recordType && input.recordId) await assertInWorkspace(ctx, input.recordType, input.recordId);
  const [task] = await ctx.db
    .insert(tasks)
    .values({
      ...input,
      completedAt: input.status === "done" ? new Date() : null,
      workspaceId: ctx.workspaceId,
      createdBy: ctx.userId,
      updatedBy: ctx.userId,
    })
    .returning();
  // Whoever creates a task follows it (comments on it reach them), and so does its assignee.
  await follow(ctx.db, ctx.workspaceId, ctx.userId, "task", task!.id);
  await announceAssignment(ctx, task!.id, task!.assigneeId);
  if (task!.recordType && task!.recordId) {
    await recordActivity(ctx, { recordType: task!.recordType, recordId: task!.recordId, kind: "task_created", data: { title: task!.title } });
  }
  return task!;
}

export async function updateTask(ctx: WorkspaceCtx, { id, ...patch }: z.infer<typeof updateTaskInput>) {
  const [before] = await ctx.db.select().from(tasks).where(scope(ctx, id)).for("update").limit(1);
  if (!before) throw notFound("task");
  if (patch.assigneeId) await assertMember(ctx, patch.assigneeId);
  const completing = patch.status === "done" && before.status !== "done";
  const reopening = patch.status !== undefined && patch.status !== "done" && before.status === "done";
  const [task] = await ctx.db
    .update(tasks)
    .set({
      ...patch,
      ...(completing ? { completedAt: sql`now()` } : reopening ? { completedAt: null } : {}),
      updatedBy: ctx.userId,
      updatedAt: sql`now()`,
    })
    .where(scope(ctx, id))
    .returning();
  if (patch.assigneeId !== undefined && patch.assigneeId !== before.assigneeId) await announceAssignment(ctx, id, patch.assigneeId);
  if (completing && task!.recordType && task!.recordId) {
    await recordActivity(ctx, { recordType: task!.recordType, recordId: task!.recordId, kind: "task_completed", data: { title: task!.title } });
  }
  return task!;
}

/** Deletes a task for good, with what hangs on it: its comments, follows and live document. */
export async function deleteTask(ctx: WorkspaceCtx, id: string) {
  const [gone] = await ctx.db.delete(tasks).where(scope(ctx, id)).returning({ id: tasks.id });
  if (!gone) throw notFound("task");
  const about = (t: typeof comments | typeof recordFollows) => and(eq(t.workspaceId, ctx.workspaceId), eq(t.recordType, "task"), eq(t.recordId, id));
  await ctx.db.delete(comments).where(about(comments));
  await ctx.db.delete(recordFollows).where(about(recordFollows));
  await forgetDocument(ctx, formatDocName({ kind: "task", id }));
  return gone;
}
