import { index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import type { ApiObject } from "@/shared/permissions";
import { users, workspaces } from "./auth";

export const apiKeyAccessEnum = pgEnum("api_key_access", ["read", "write"]);

/**
 * Keys for integrators. Only a SHA-256 of the secret is stored (the secret is 32 random bytes,
 * so a fast hash is enough); the prefix lets people tell their keys apart.
 */
export const apiKeys = pgTable(
  "api_keys",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    secretHash: text("secret_hash").notNull(),
    access: apiKeyAccessEnum("access").notNull(),
    /** The record types the key may touch. */
    objects: text("objects").array().$type<ApiObject[]>().notNull(),
    createdBy: uuid("created_by")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("api_keys_secret_hash_key").on(t.secretHash),
    index("api_keys_workspace_idx").on(t.workspaceId, t.createdAt),
  ],
);
