import { sql } from "drizzle-orm";
import { bigint, boolean, foreignKey, index, pgEnum, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { roles } from "@/shared/permissions";

export const roleEnum = pgEnum("role", roles);

/** Global: a person, who may belong to several workspaces. */
export const users = pgTable(
  "users",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name").notNull(),
    passwordHash: text("password_hash"),
    /**
     * When the person proved they receive mail at this address (an invitation or reset link
     * followed, an identity provider vouching for it). Single sign-on links only to proven
     * accounts as they are; an unproven one loses its password and second factor when linked.
     */
    emailVerifiedAt: timestamp("email_verified_at", { withTimezone: true }),
    /** Sessions signed in before this moment are over ("sign out everywhere", an admin ending them). */
    sessionsRevokedAt: timestamp("sessions_revoked_at", { withTimezone: true }),
    /** The authenticator secret (AES-256-GCM sealed), once two-factor sign-in is on. */
    totpSecret: text("totp_secret"),
    /** A secret being set up, until its first code confirms it. */
    totpPending: text("totp_pending"),
    totpEnabledAt: timestamp("totp_enabled_at", { withTimezone: true }),
    /** The time step of the last code accepted: a code is never accepted twice. */
    totpLastStep: bigint("totp_last_step", { mode: "number" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("users_email_key").on(sql`lower(${t.email})`)],
);

/** Global: the tenant. */
export const workspaces = pgTable("workspaces", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  /** Everyone must sign in with a second factor to use this workspace. */
  requireTwoFactor: boolean("require_two_factor").notNull().default(false),
  /** People may make records private to their owner (owners and admins still see them). */
  privateRecords: boolean("private_records").notNull().default(false),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const memberships = pgTable(
  "memberships",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: roleEnum("role").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Deactivated by an admin: no door of the workspace opens for them (sign-in still works for
     * their other workspaces), their open connections close, their records and history stay.
     */
    disabledAt: timestamp("disabled_at", { withTimezone: true }),
    disabledBy: uuid("disabled_by").references(() => users.id, { onDelete: "set null" }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.userId] }), index("memberships_user_idx").on(t.userId)],
);

/** One-time recovery codes for two-factor sign-in (their SHA-256; each used once). */
export const recoveryCodes = pgTable(
  "recovery_codes",
  {
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    codeHash: text("code_hash").notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.codeHash] })],
);

/**
 * An invitation to join a workspace with a role: a link with a secret token (only its SHA-256 is
 * kept) that works for the invited email, once, for seven days, until revoked.
 */
export const invitations = pgTable(
  "invitations",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    email: text("email").notNull(),
    role: roleEnum("role").notNull(),
    tokenHash: text("token_hash").notNull(),
    invitedBy: uuid("invited_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    acceptedBy: uuid("accepted_by").references(() => users.id, { onDelete: "set null" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex("invitations_token_idx").on(t.tokenHash), index("invitations_workspace_idx").on(t.workspaceId, t.createdAt)],
);

/**
 * A person's account at a single sign-on provider (OIDC or SAML): the provider's stable subject,
 * linked to one user. Found again by (provider, subject), never by the email the provider sends.
 */
export const userIdentities = pgTable(
  "user_identities",
  {
    /** `oidc:<issuer>` or `saml:<IdP entity id>`. */
    provider: text("provider").notNull(),
    subject: text("subject").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The email the provider last sent (for the account page; sign-in never uses it). */
    email: text("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.provider, t.subject] }), index("user_identities_user_idx").on(t.userId)],
);

/** SAML authentication requests sent and not yet answered: a response must answer one of them, once. */
export const samlRequests = pgTable("saml_requests", {
  id: text("id").primaryKey(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A single sign-on that succeeded, waiting to become a session in the browser that started it:
 * a secret (only its SHA-256 kept) usable once, for two minutes, by the browser holding the
 * request's id in its cookie.
 */
export const ssoTickets = pgTable("sso_tickets", {
  tokenHash: text("token_hash").primaryKey(),
  userId: uuid("user_id")
    .notNull()
    .references(() => users.id, { onDelete: "cascade" }),
  requestId: text("request_id").notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  usedAt: timestamp("used_at", { withTimezone: true }),
});

/**
 * A password reset asked for by email: a link with a secret (only its SHA-256 kept), good once,
 * for an hour; a newer request or a successful reset makes the older links useless.
 */
export const passwordResets = pgTable(
  "password_resets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    usedAt: timestamp("used_at", { withTimezone: true }),
  },
  (t) => [uniqueIndex("password_resets_token_idx").on(t.tokenHash), index("password_resets_user_idx").on(t.userId, t.createdAt)],
);

/** Emails about a person's account (password resets), which belong to no workspace: sent once per cause. */
export const accountEmails = pgTable(
  "account_emails",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id").references(() => users.id, { onDelete: "cascade" }),
    dedupeKey: text("dedupe_key").notNull(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    status: text("status").notNull(),
    providerId: text("provider_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("account_emails_dedupe").on(t.dedupeKey)],
);

/** Teams inside a workspace (sales East, partners…): a record can be private to one. */
export const teams = pgTable(
  "teams",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex("teams_name_idx").on(t.workspaceId, sql`lower(${t.name})`)],
);

export const teamMembers = pgTable(
  "team_members",
  {
    workspaceId: uuid("workspace_id").notNull(),
    teamId: uuid("team_id").notNull(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.teamId, t.userId] }),
    // Out of the workspace, out of its teams (someone invited back later starts in none).
    foreignKey({ columns: [t.workspaceId, t.userId], foreignColumns: [memberships.workspaceId, memberships.userId] }).onDelete("cascade"),
    foreignKey({ columns: [t.workspaceId, t.teamId], foreignColumns: [teams.workspaceId, teams.id] }).onDelete("cascade"),
    index("team_members_user_idx").on(t.workspaceId, t.userId),
  ],
);
