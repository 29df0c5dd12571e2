import { bigint, bigserial, customType, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./auth";

export const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => "bytea",
  toDriver: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength),
  fromDriver: (v) => new Uint8Array(v),
});

/** The compacted state of a Yjs document. */
export const documents = pgTable(
  "documents",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    state: bytea("state").notNull(),
    /** Every logged update up to this id is contained in `state`. */
    coveredUpdateId: bigint("covered_update_id", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);

/** Every Yjs update, appended before the server acknowledges it, with its author. */
export const documentUpdates = pgTable(
  "document_updates",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: bigserial("id", { mode: "number" }).notNull(),
    name: text("name").notNull(),
    update: bytea("update").notNull(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("document_updates_doc_idx").on(t.workspaceId, t.name, t.id)],
);

/**
 * What a record's document and its row last agreed on, field by field (doc keys, normalised
 * values). Against it the collab-server tells an edit made in the document (project it into the
 * row) from a write made elsewhere (apply it to the document). Written in the transaction that
 * writes the row.
 */
export const recordDocBases = pgTable(
  "record_doc_bases",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    base: jsonb("base").$type<Record<string, unknown>>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.name] })],
);
