import { boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ViewConfig } from "@/shared/views";
import { users, workspaces } from "./auth";
import { recordObjectEnum } from "./custom-fields";

/**
 * A table view someone saved: its columns, filters, sorts and grouping. Private to its owner, or
 * shared with the whole workspace.
 */
export const savedViews = pgTable(
  "saved_views",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    object: recordObjectEnum("object").notNull(),
    name: text("name").notNull(),
    ownerId: uuid("owner_id").references(() => users.id, { onDelete: "cascade" }),
    shared: boolean("shared").notNull().default(false),
    config: jsonb("config").$type<ViewConfig>().notNull(),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("saved_views_object_idx").on(t.workspaceId, t.object, t.position)],
);
