import { foreignKey, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
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

/**
 * Short-lived tokens minted from an API key (OAuth 2.0 client credentials): an access token
 * lives 15 minutes, a refresh token is exchanged once for a new pair (rotation). Tokens minted
 * from one another form a family; a refresh token presented a second time means it was copied,
 * and the whole family is revoked. Only SHA-256 hashes are stored.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    apiKeyId: uuid("api_key_id").notNull(),
    familyId: uuid("family_id").notNull(),
    kind: text("kind", { enum: ["access", "refresh"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    /** A refresh token already exchanged (presenting it again revokes the family). */
    usedAt: timestamp("used_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    uniqueIndex("api_tokens_hash_key").on(t.tokenHash),
    index("api_tokens_family_idx").on(t.workspaceId, t.familyId),
    foreignKey({ columns: [t.workspaceId, t.apiKeyId], foreignColumns: [apiKeys.workspaceId, apiKeys.id] }).onDelete("cascade"),
  ],
);
