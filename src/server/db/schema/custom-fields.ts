import { boolean, foreignKey, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
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
    /**
     * Sensitive (personal notes, identity numbers): values are sealed with AES-256-GCM in
     * `sensitive_values`, never in the record's `custom`, and shown only when revealed.
     */
    sensitive: boolean("sensitive").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("custom_fields_object_idx").on(t.workspaceId, t.object, t.position)],
);

/**
 * The values of sensitive fields, sealed (AES-256-GCM, key id in `key_id`, bound to the workspace,
 * record and field so a value cannot be moved to another record). Nothing else reads them: not
 * the live documents, views, search, exports, imports, timelines or the audit log.
 */
export const sensitiveValues = pgTable(
  "sensitive_values",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    recordType: recordObjectEnum("record_type").notNull(),
    recordId: uuid("record_id").notNull(),
    fieldId: uuid("field_id").notNull(),
    sealed: text("sealed").notNull(),
    keyId: text("key_id").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    updatedBy: uuid("updated_by"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.recordType, t.recordId, t.fieldId] }),
    foreignKey({ columns: [t.workspaceId, t.fieldId], foreignColumns: [customFields.workspaceId, customFields.id] }).onDelete("cascade"),
    index("sensitive_values_key_idx").on(t.keyId),
  ],
);
