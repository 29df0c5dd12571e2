import { z } from "zod";
import { recordObjects } from "../permissions";
import { id, optionalText, requiredText } from "./common";

export const taskPriorities = ["low", "normal", "high", "urgent"] as const;
export const taskPriorityLabels = { low: "Low", normal: "Normal", high: "High", urgent: "Urgent" } as const;
export const taskStatuses = ["open", "in_progress", "done"] as const;
export const taskStatusLabels = { open: "To do", in_progress: "In progress", done: "Done" } as const;

const taskFields = z.object({
  title: requiredText("Title", 300),
  notes: optionalText(10_000),
  dueAt: z.coerce.date({ message: "Use a date and time." }).nullish().transform((v) => v ?? null),
  assigneeId: id.nullish().transform((v) => v ?? null),
  priority: z.enum(taskPriorities),
  status: z.enum(taskStatuses),
  /** The record the task is about, if any. */
  recordType: z.enum(recordObjects).nullish().transform((v) => v ?? null),
  recordId: id.nullish().transform((v) => v ?? null),
});

export const createTaskInput = taskFields
  .extend({ priority: z.enum(taskPriorities).default("normal"), status: z.enum(taskStatuses).default("open") })
  .refine((t) => (t.recordType === null) === (t.recordId === null), { message: "Link the task to a record with both its type and id.", path: ["recordId"] });
export const updateTaskInput = taskFields.omit({ recordType: true, recordId: true }).partial().extend({ id });

export const listTasksInput = z
  .object({
    assignee: z.enum(["me", "anyone"]).default("me"),
    status: z.enum(["open", "done", "all"]).default("open"),
    recordType: z.enum(recordObjects).optional(),
    recordId: id.optional(),
    limit: z.number().int().min(1).max(200).default(100),
  })
  .default({ assignee: "me", status: "open", limit: 100 });
