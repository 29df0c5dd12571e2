import { sql, type SQL } from "drizzle-orm";
import {
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  numeric,
  pgEnum,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from "drizzle-orm/pg-core";
import type { z } from "zod";
import type { address, companyLinks, companySizes, contactLinks, dealContactRoles, lifecycleStages } from "@/shared/schemas/crm";
import type { leadSources, leadStatuses } from "@/shared/schemas/leads";
import { users, workspaces } from "./auth";

/**
 * Tenant tables: the primary key is (workspace_id, id) and every foreign key between tenant tables
 * carries workspace_id, so a cross-tenant reference cannot be stored and the tables can later be
 * distributed on workspace_id.
 */
const tenant = {
  workspaceId: uuid("workspace_id")
    .notNull()
    .references(() => workspaces.id, { onDelete: "cascade" }),
  id: uuid("id").notNull().defaultRandom(),
};

const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

/**
 * What global search reads, kept by PostgreSQL itself: lower-cased text for trigram matching
 * (typos, substrings) and a 'simple' tsvector for ranked word-prefix matching.
 */
const searchable = (source: SQL) => ({
  searchText: text("search_text").generatedAlwaysAs(sql`lower(${source})`),
  // Punctuation splits words, so that the parts of an email or a domain are words too.
  searchVector: tsvector("search_vector").generatedAlwaysAs(
    sql`to_tsvector('simple'::regconfig, regexp_replace(${source}, '[^[:alnum:]]+', ' ', 'g'))`,
  ),
});

const audit = {
  ownerId: uuid("owner_id").references(() => users.id, { onDelete: "set null" }),
  createdBy: uuid("created_by").references(() => users.id, { onDelete: "set null" }),
  updatedBy: uuid("updated_by").references(() => users.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  /** In the trash since then (null: live). Links to a record in the trash are kept, so restoring it restores them. */
  deletedAt: timestamp("deleted_at", { withTimezone: true }),
  deletedBy: uuid("deleted_by").references(() => users.id, { onDelete: "set null" }),
  /** Custom field values by field id (see custom_fields). */
  custom: jsonb("custom").$type<Record<string, unknown>>().notNull().default({}),
  /** Free labels ("vip", "partner"), lower-cased, shared across the workspace's records. */
  tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
  /**
   * `private`: only its owner and the workspace's owners and admins see it; `team`: also the
   * members of `team_id` — where the workspace allows private records (enforced by row-level
   * security policies, see migrations 0040 and 0041).
   */
  visibility: text("visibility", { enum: ["workspace", "team", "private"] }).notNull().default("workspace"),
  /** The team a `team` record is visible to (besides its owner and the admins). */
  teamId: uuid("team_id"),
};

export const companies = pgTable(
  "companies",
  {
    ...tenant,
    name: text("name").notNull(),
    domain: text("domain"),
    industry: text("industry"),
    size: text("size").$type<(typeof companySizes)[number]>(),
    address: jsonb("address").$type<z.infer<typeof address>>(),
    links: jsonb("links").$type<z.infer<typeof companyLinks>>(),
    ...audit,
    ...searchable(sql`coalesce("name", '') || ' ' || coalesce("domain", '')`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    // The list's order, live rows only: a page is a short index walk, filtered or not.
    index("companies_list_idx").on(t.workspaceId, t.name, t.id).where(sql`${t.deletedAt} is null`),
    index("companies_domain_idx").on(t.workspaceId, sql`lower(${t.domain})`).where(sql`${t.deletedAt} is null`),
    index("companies_name_idx").on(t.workspaceId, sql`lower(${t.name})`).where(sql`${t.deletedAt} is null`),
    index("companies_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    index("companies_search_fts_idx").using("gin", t.searchVector),
    index("companies_tags_idx").using("gin", t.tags),
    // Table views sorted by last change.
    index("companies_updated_idx").on(t.workspaceId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.deletedAt} is null`),
  ],
);

export const contacts = pgTable(
  "contacts",
  {
    ...tenant,
    firstName: text("first_name").notNull(),
    lastName: text("last_name"),
    email: text("email"),
    phone: text("phone"),
    /** All addresses and numbers; the first of each is also in `email` / `phone`. */
    emails: jsonb("emails").$type<{ value: string; label: string }[]>().notNull().default([]),
    phones: jsonb("phones").$type<{ value: string; label: string }[]>().notNull().default([]),
    title: text("title"),
    companyId: uuid("company_id"),
    lifecycleStage: text("lifecycle_stage").$type<(typeof lifecycleStages)[number]>(),
    links: jsonb("links").$type<z.infer<typeof contactLinks>>(),
    ...audit,
    /** Erased under GDPR (by hand or by a retention rule): the record stays, empty of the person. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    ...searchable(sql`coalesce("first_name", '') || ' ' || coalesce("last_name", '') || ' ' || coalesce("email", '')`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.companyId], foreignColumns: [companies.workspaceId, companies.id] }),
    index("contacts_list_idx").on(t.workspaceId, t.firstName, t.lastName, t.id).where(sql`${t.deletedAt} is null`),
    index("contacts_company_idx").on(t.workspaceId, t.companyId),
    // Duplicates and imports find people by email.
    index("contacts_email_idx").on(t.workspaceId, sql`lower(${t.email})`).where(sql`${t.deletedAt} is null`),
    index("contacts_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    index("contacts_search_fts_idx").using("gin", t.searchVector),
    index("contacts_tags_idx").using("gin", t.tags),
    // Table views sorted by last change.
    index("contacts_updated_idx").on(t.workspaceId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.deletedAt} is null`),
  ],
);

export const pipelines = pgTable(
  "pipelines",
  {
    ...tenant,
    name: text("name").notNull(),
    position: integer("position").notNull().default(0),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.id] })],
);

export const stageKindEnum = pgEnum("stage_kind", ["open", "won", "lost"]);

export const pipelineStages = pgTable(
  "pipeline_stages",
  {
    ...tenant,
    pipelineId: uuid("pipeline_id").notNull(),
    name: text("name").notNull(),
    position: integer("position").notNull(),
    probability: integer("probability").notNull().default(0),
    kind: stageKindEnum("kind").notNull().default("open"),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.pipelineId], foreignColumns: [pipelines.workspaceId, pipelines.id] }).onDelete(
      "cascade",
    ),
  ],
);

export const deals = pgTable(
  "deals",
  {
    ...tenant,
    title: text("title").notNull(),
    amount: numeric("amount", { precision: 14, scale: 2, mode: "number" }),
    currency: text("currency").notNull().default("USD"),
    pipelineId: uuid("pipeline_id").notNull(),
    stageId: uuid("stage_id").notNull(),
    companyId: uuid("company_id"),
    contactId: uuid("contact_id"),
    expectedCloseDate: date("expected_close_date"),
    /** Overrides the stage's probability when set. */
    probability: integer("probability"),
    /** Why it was won or lost. */
    closeReason: text("close_reason"),
    stageChangedAt: timestamp("stage_changed_at", { withTimezone: true }).notNull().defaultNow(),
    ...audit,
    ...searchable(sql`coalesce("title", '')`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.pipelineId], foreignColumns: [pipelines.workspaceId, pipelines.id] }),
    foreignKey({ columns: [t.workspaceId, t.stageId], foreignColumns: [pipelineStages.workspaceId, pipelineStages.id] }),
    foreignKey({ columns: [t.workspaceId, t.companyId], foreignColumns: [companies.workspaceId, companies.id] }),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }),
    index("deals_stage_idx").on(t.workspaceId, t.stageId),
    index("deals_list_idx").on(t.workspaceId, t.updatedAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.deletedAt} is null`),
    index("deals_company_idx").on(t.workspaceId, t.companyId),
    index("deals_contact_idx").on(t.workspaceId, t.contactId),
    index("deals_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    index("deals_search_fts_idx").using("gin", t.searchVector),
    index("deals_tags_idx").using("gin", t.tags),
  ],
);

export const leads = pgTable(
  "leads",
  {
    ...tenant,
    firstName: text("first_name").notNull(),
    lastName: text("last_name"),
    email: text("email"),
    phone: text("phone"),
    companyName: text("company_name"),
    title: text("title"),
    source: text("source").$type<(typeof leadSources)[number]>(),
    status: text("status").$type<(typeof leadStatuses)[number]>().notNull().default("new"),
    qualification: text("qualification"),
    /** What the lead became: the lead stays, with its history, pointing at them. */
    convertedAt: timestamp("converted_at", { withTimezone: true }),
    convertedContactId: uuid("converted_contact_id"),
    convertedCompanyId: uuid("converted_company_id"),
    convertedDealId: uuid("converted_deal_id"),
    ...audit,
    /** Erased under GDPR (by hand or by a retention rule): the record stays, empty of the person. */
    erasedAt: timestamp("erased_at", { withTimezone: true }),
    ...searchable(sql`coalesce("first_name", '') || ' ' || coalesce("last_name", '') || ' ' || coalesce("email", '') || ' ' || coalesce("company_name", '')`),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.id] }),
    foreignKey({ columns: [t.workspaceId, t.convertedContactId], foreignColumns: [contacts.workspaceId, contacts.id] }),
    foreignKey({ columns: [t.workspaceId, t.convertedCompanyId], foreignColumns: [companies.workspaceId, companies.id] }),
    foreignKey({ columns: [t.workspaceId, t.convertedDealId], foreignColumns: [deals.workspaceId, deals.id] }),
    index("leads_list_idx").on(t.workspaceId, t.createdAt.desc().nullsFirst(), t.id.desc().nullsFirst()).where(sql`${t.deletedAt} is null`),
    index("leads_email_idx").on(t.workspaceId, sql`lower(${t.email})`).where(sql`${t.deletedAt} is null`),
    index("leads_search_trgm_idx").using("gin", t.searchText.op("gin_trgm_ops")),
    index("leads_search_fts_idx").using("gin", t.searchVector),
    index("leads_tags_idx").using("gin", t.tags),
  ],
);

/** The people on a deal, each with their part in it. */
export const dealContacts = pgTable(
  "deal_contacts",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    dealId: uuid("deal_id").notNull(),
    contactId: uuid("contact_id").notNull(),
    role: text("role").$type<(typeof dealContactRoles)[number]>().notNull().default("other"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.dealId, t.contactId] }),
    foreignKey({ columns: [t.workspaceId, t.dealId], foreignColumns: [deals.workspaceId, deals.id] }).onDelete("cascade"),
    foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [contacts.workspaceId, contacts.id] }).onDelete("cascade"),
    index("deal_contacts_contact_idx").on(t.workspaceId, t.contactId),
  ],
);
