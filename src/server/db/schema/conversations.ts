import { sql } from "drizzle-orm";
import { boolean, foreignKey, index, integer, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { apiObjects } from "@/shared/permissions";
import { users, workspaces } from "./auth";
import { bytea } from "./collab";
import { recordObjectEnum } from "./custom-fields";
import { contacts } from "./crm";

const workspaceId = () =>
  uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" });

/** What people comment on and follow: the records, and tasks. */
export const conversationObjectEnum = pgEnum("conversation_object", apiObjects);

/** Threaded comments on any record; a reply points at its thread's first comment. */
export const comments = pgTable(
  "comments",
  {
    workspaceId: workspaceId(),
    id: uuid("id").notNull().defaultRandom(),
    recordType: conversationObjectEnum("record_type").notNull(),
    recordId: uuid("record_id").notNull(),
    /** The thread's first comment; null for a thread's first comment itself. */
    parentId: uuid("parent_id"),
    authorId: uuid("author_id").references(() => users.id, { onDelete: "set null" }),
    /** Plain text; mentions written as @[Name](user id). */
    body: text("body").notNull(),
    mentions: uuid("mentions").array().notNull().default(sql`'{}'::uuid[]`),
    resolvedAt: timestamp("resolved_at", { withTimezone: true }),
    resolvedBy: uuid("resolved_by").references(() => users.id, { onDelete: "set null" }),
    editedAt: timestamp("edited_at", { withTimezone: true }),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("comments_record_idx").on(t.workspaceId, t.recordType, t.recordId, t.createdAt),
  ],
);

/** People who follow a record hear of its comments and stage changes. */
export const recordFollows = pgTable(
  "record_follows",
  {
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    recordType: conversationObjectEnum("record_type").notNull(),
    recordId: uuid("record_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId, t.recordType, t.recordId] }),
    index("record_follows_record_idx").on(t.workspaceId, t.recordType, t.recordId),
  ],
);

/** Which kinds of notification each person also wants by email. */
export const notificationSettings = pgTable(
  "notification_settings",
  {
    workspaceId: workspaceId(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    emailKinds: text("email_kinds").array().notNull().default(sql`'{}'::text[]`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] })],
);

/**
 * Every email the system sends, as it went: `sent` through the mail provider, or `outbox` when
 * no provider is configured (kept here, readable by admins, instead of lost).
 */
export const outboxEmails = pgTable(
  "outbox_emails",
  {
    workspaceId: workspaceId(),
    id: uuid("id").notNull().defaultRandom(),
    /** What caused it, once: a retried job never sends twice. */
    dedupeKey: text("dedupe_key").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    status: text("status").notNull(),
    providerId: text("provider_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex("outbox_emails_dedupe").on(t.workspaceId, t.dedupeKey)],
);

/** Proposals, contracts and other documents written together, attached to a deal or a company. */
export const sharedDocuments = pgTable(
  "shared_documents",
  {
    workspaceId: workspaceId(),
    id: uuid("id").notNull().defaultRandom(),
    recordType: recordObjectEnum("record_type").notNull(),
    recordId: uuid("record_id").notNull(),
    title: text("title").notNull(),
    kind: text("kind").notNull().default("proposal"),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    deletedAt: timestamp("deleted_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index("shared_documents_record_idx").on(t.workspaceId, t.recordType, t.recordId)],
);

/** A named version of a shared document: its whole state when the version was named. */
export const documentVersions = pgTable(
  "document_versions",
  {
    workspaceId: workspaceId(),
    id: uuid("id").notNull().defaultRandom(),
    documentId: uuid("document_id").notNull(),
    name: text("name").notNull(),
    state: bytea("state").notNull(),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("document_versions_document_idx").on(t.workspaceId, t.documentId, t.createdAt),
    foreignKey({ columns: [t.workspaceId, t.documentId], foreignColumns: [sharedDocuments.workspaceId, sharedDocuments.id] }).onDelete("cascade"),
  ],
);

/**
 * What a contact agreed to (GDPR Art. 7): the purpose ("newsletter", "product updates"), where the
 * consent came from, when it was given, and when withdrawn. Kept as history: a withdrawal closes
 * the consent, it does not delete it.
 */
export const contactConsents = pgTable(
  "contact_consents",
  {
    workspaceId: workspaceId(),
    id: uuid("id").notNull().defaultRandom(),
    contactId: uuid("contact_id").notNull(),
    purpose: text("purpose").notNull(),
    source: text("source").notNull(),
    grantedAt: timestamp("granted_at", { withTimezone: true }).notNull().defaultNow(),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    recordedBy: uuid("recorded_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("contact_consents_contact_idx").on(t.workspaceId, t.contactId, t.grantedAt),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete("cascade"),
  ],
);

export const retentionKinds = ["stale_leads", "withdrawn_contacts", "trash"] as const;
export type RetentionKind = (typeof retentionKinds)[number];

/**
 * Retention rules (GDPR Art. 5(1)(e), storage limitation), applied every night by the worker:
 * leads nobody touched for N days are erased, contacts who withdrew every consent N days ago are
 * erased, records in the trash for N days are deleted for good.
 */
export const retentionRules = pgTable(
  "retention_rules",
  {
    workspaceId: workspaceId(),
    id: uuid("id").notNull().defaultRandom(),
    kind: text("kind", { enum: retentionKinds }).notNull(),
    days: integer("days").notNull(),
    enabled: boolean("enabled").notNull().default(true),
    createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastRunAt: timestamp("last_run_at", { withTimezone: true }),
    /** Records the last run erased or deleted. */
    lastCount: integer("last_count"),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex("retention_rules_kind_idx").on(t.workspaceId, t.kind)],
);
