import { foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ImportOptions } from "@/shared/imports";
import { users, workspaces } from "./auth";
import { recordObjectEnum } from "./custom-fields";

export const importStatusEnum = pgEnum("import_status", ["uploaded", "queued", "running", "done", "failed", "undone"]);
export const importRowActionEnum = pgEnum("import_row_action", ["created", "updated", "skipped", "failed"]);

/**
 * A CSV import: the file as uploaded, how its columns map to fields, and how far it got. The
 * worker runs it in batches and counts as it goes; every row's outcome is in import_rows.
 */
export const imports = pgTable(
  "imports",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    object: recordObjectEnum("object").notNull(),
    fileName: text("file_name").notNull(),
    /** The file's text (BOM removed), kept until the import is undone or deleted. */
    content: text("content").notNull(),
    headers: jsonb("headers").$type<string[]>().notNull(),
    delimiter: text("delimiter").notNull(),
    totalRows: integer("total_rows").notNull(),
    /** CSV column index → field key (absent: ignored). */
    mapping: jsonb("mapping").$type<Record<string, string>>().notNull().default({}),
    options: jsonb("options").$type<ImportOptions>(),
    status: importStatusEnum("status").notNull().default("uploaded"),
    processedRows: integer("processed_rows").notNull().default(0),
    created: integer("created").notNull().default(0),
    updated: integer("updated").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    failed: integer("failed").notNull().default(0),
    error: text("error"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    startedAt: timestamp("started_at", { withTimezone: true }),
    finishedAt: timestamp("finished_at", { withTimezone: true }),
    undoneAt: timestamp("undone_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("imports_recent_idx").on(t.workspaceId, t.createdAt)],
);

/** What happened to each row: the record it made or changed (with the values it replaced, for undo), or why it failed. */
export const importRows = pgTable(
  "import_rows",
  {
    workspaceId: uuid("workspace_id").notNull(),
    importId: uuid("import_id").notNull(),
    /** The row's line in the file, counting the header as line 1. */
    rowNumber: integer("row_number").notNull(),
    action: importRowActionEnum("action").notNull(),
    recordId: uuid("record_id"),
    before: jsonb("before").$type<Record<string, unknown>>(),
    message: text("message"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.importId, t.rowNumber] }),
    foreignKey({ columns: [t.workspaceId, t.importId], foreignColumns: [imports.workspaceId, imports.id] }).onDelete("cascade"),
  ],
);

/** The mapping last used for a record type, by column name: the next file with those columns maps itself. */
export const importMappings = pgTable(
  "import_mappings",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    object: recordObjectEnum("object").notNull(),
    /** Lower-cased column name → field key. */
    columns: jsonb("columns").$type<Record<string, string>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.object] })],
);
