import { sql } from "drizzle-orm";
import { bigint, bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { users, workspaces } from "./auth";

/** The timeline of a record: one row per thing that happened to it. */
export const activities = pgTable(
  "activities",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    recordType: text("record_type").notNull(),
    recordId: uuid("record_id").notNull(),
    kind: text("kind").notNull(),
    actorId: uuid("actor_id").references(() => users.id, { onDelete: "set null" }),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    // Milliseconds, like JavaScript dates: page cursors carry the exact value.
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    index("activities_record_idx").on(t.workspaceId, t.recordType, t.recordId, t.createdAt),
  ],
);

export const notifications = pgTable(
  "notifications",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    recordType: text("record_type"),
    recordId: uuid("record_id"),
    /** Jobs may run twice; the same event never notifies twice. */
    dedupeKey: text("dedupe_key").notNull(),
    readAt: timestamp("read_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("notifications_dedupe_key").on(t.workspaceId, t.dedupeKey),
    index("notifications_user_idx").on(t.workspaceId, t.userId, t.createdAt),
  ],
);

/**
 * The audit log: every change to a workspace's data (captured by triggers, whatever door it came
 * through) and every security event, append-only and tamper-evident — each entry carries the hash
 * of the one before it in its chain (one chain per workspace; account events, such as sign-ins,
 * in a chain of their own). Written only by the `audit_append` database function.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    /** Null for account events (sign-ins, two-factor changes): they belong to no workspace. */
    workspaceId: uuid("workspace_id"),
    seq: bigint("seq", { mode: "number" }).notNull(),
    at: timestamp("at", { withTimezone: true, precision: 6 }).notNull().defaultNow(),
    actorId: uuid("actor_id"),
    /** The API key the change came through, if any. */
    apiKeyId: uuid("api_key_id"),
    ip: text("ip"),
    action: text("action").notNull(),
    objectType: text("object_type"),
    objectId: uuid("object_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    uniqueIndex("audit_log_chain_idx").on(sql`coalesce(${t.workspaceId}, '00000000-0000-0000-0000-000000000000'::uuid)`, t.seq),
    index("audit_log_workspace_idx").on(t.workspaceId, t.id),
    index("audit_log_object_idx").on(t.workspaceId, t.objectType, t.objectId),
  ],
);
