import { boolean, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { customFieldTypes, type CustomFieldOptions } from "@/shared/custom-fields";
import { recordObjects } from "@/shared/permissions";
import { workspaces } from "./auth";

export const recordObjectEnum = pgEnum("record_object", recordObjects);
export const customFieldTypeEnum = pgEnum("custom_field_type", customFieldTypes);

/**
 * Fields admins add to companies, contacts and deals. Records keep their values in a `custom`
 * jsonb keyed by the field's id: renaming a field changes no record, and the values of a deleted
 * field are simply no longer read.
 */
export const customFields = pgTable(
  "custom_fields",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    object: recordObjectEnum("object").notNull(),
    label: text("label").notNull(),
    type: customFieldTypeEnum("type").notNull(),
    required: boolean("required").notNull().default(false),
    options: jsonb("options").$type<CustomFieldOptions>().notNull().default({}),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("custom_fields_object_idx").on(t.workspaceId, t.object, t.position)],
);
