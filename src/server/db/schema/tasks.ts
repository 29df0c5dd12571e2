import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { taskPriorities, taskStatuses } from "@/shared/schemas/tasks";
import { users, workspaces } from "./auth";
import { recordObjectEnum } from "./custom-fields";

export const taskPriorityEnum = pgEnum("task_priority", taskPriorities);
export const taskStatusEnum = pgEnum("task_status", taskStatuses);

export const tasks = pgTable(
  "tasks",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    title: text("title").notNull(),
    notes: text("notes"),
    dueAt: timestamp("due_at", { withTimezone: true }),
    assigneeId: uuid("assignee_id").references(() => users.id, { onDelete: "set null" }),
    priority: taskPriorityEnum("priority").notNull().default("normal"),
    status: taskStatusEnum("status").notNull().default("open"),
    /** Any record the task is about (a company, contact or deal of the same workspace). */
    recordType: recordObjectEnum("record_type"),
    recordId: uuid("record_id"),
    completedAt: timestamp("completed_at", { withTimezone: true }),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("tasks_assignee_idx").on(t.workspaceId, t.assigneeId, t.status, t.dueAt),
    index("tasks_record_idx").on(t.workspaceId, t.recordType, t.recordId),
  ],
);
