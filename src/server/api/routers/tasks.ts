import { z } from "zod";
import { createTask, deleteTask, getTask, listTasks, updateTask } from "@/server/domain/tasks/tasks";
import { recordObjects } from "@/shared/permissions";
import { createTaskInput, idInput, listTasksInput, taskPriorities, taskStatuses, updateTaskInput } from "@/shared/schemas";
import { permitted, rest, router } from "../trpc";

const task = z.object({
  id: z.uuid(),
  title: z.string(),
  notes: z.string().nullable(),
  dueAt: z.date().nullable(),
  priority: z.enum(taskPriorities),
  status: z.enum(taskStatuses),
  assigneeId: z.uuid().nullable(),
  recordType: z.enum(recordObjects).nullable(),
  recordId: z.uuid().nullable(),
  completedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const tasksRouter = router({
  list: permitted("task.read")
    .meta(rest("GET", "/tasks", "Tasks: yours or everyone's, open or done, or those of one record", "tasks"))
    .input(listTasksInput)
    .output(z.array(task.extend({ assigneeName: z.string().nullable() })))
    .query(({ ctx, input }) => listTasks(ctx.ws, input)),
  get: permitted("task.read")
    .meta(rest("GET", "/tasks/{id}", "A task, with its assignee and the record it is about", "tasks"))
    .input(idInput)
    .output(task.extend({ assigneeName: z.string().nullable(), recordName: z.string().nullable(), updatedAt: z.date() }))
    .query(({ ctx, input }) => getTask(ctx.ws, input.id)),
  create: permitted("task.create")
    .meta(rest("POST", "/tasks", "Create a task, optionally about a record and assigned to a member", "tasks"))
    .input(createTaskInput)
    .output(task)
    .mutation(({ ctx, input }) => createTask(ctx.ws, input)),
  update: permitted("task.update")
    .meta(rest("PATCH", "/tasks/{id}", "Update a task (done, reassigned, rescheduled…)", "tasks"))
    .input(updateTaskInput)
    .output(task)
    .mutation(({ ctx, input }) => updateTask(ctx.ws, input)),
  delete: permitted("task.delete")
    .meta(rest("DELETE", "/tasks/{id}", "Delete a task", "tasks"))
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => deleteTask(ctx.ws, input.id)),
});
