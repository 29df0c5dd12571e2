import { randomUUID } from "node:crypto";
import { and, asc, eq, ilike, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { inOrder } from "@/server/db/in-order";
import { companies, contacts, deals } from "@/server/db/schema";
import { notFound } from "@/shared/errors";
import type { createCompanyInput, listInput, updateCompanyInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { recordActivities, recordActivity } from "../activities/activities";
import { recordFieldChanges } from "../activities/field-changes";
import { escapeLike } from "../references";
import { listCustomFields, mergeCustom, prepareCustomValues } from "../custom-fields/custom-fields";

/** A live (not trashed) company of the caller's workspace. */
const scope = (ctx: WorkspaceCtx, id: string) =>
  and(eq(companies.workspaceId, ctx.workspaceId), eq(companies.id, id), isNull(companies.deletedAt));

export async function listCompanies(ctx: WorkspaceCtx, input: z.infer<typeof listInput>) {
  const term = input.search ? `%${escapeLike(input.search.toLowerCase())}%` : undefined;
  return ctx.db
    .select({
      id: companies.id,
      name: companies.name,
      domain: companies.domain,
      industry: companies.industry,
      custom: companies.custom,
      updatedAt: companies.updatedAt,
    })
    .from(companies)
    .where(
      and(
        eq(companies.workspaceId, ctx.workspaceId),
        isNull(companies.deletedAt),
        term ? ilike(companies.searchText, term) : undefined,
      ),
    )
    .orderBy(asc(companies.name), asc(companies.id))
    .limit(input.limit);
}

export async function getCompany(ctx: WorkspaceCtx, id: string) {
  // The three reads go out together (one round trip on the request's connection).
  const [[company], people, companyDeals] = await Promise.all([
    ctx.db.select().from(companies).where(scope(ctx, id)).limit(1),
    ctx.db
      .select({ id: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email })
      .from(contacts)
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.companyId, id), isNull(contacts.deletedAt)))
      .orderBy(asc(contacts.firstName)),
    ctx.db
      .select({ id: deals.id, title: deals.title, amount: deals.amount, currency: deals.currency })
      .from(deals)
      .where(and(eq(deals.workspaceId, ctx.workspaceId), eq(deals.companyId, id), isNull(deals.deletedAt)))
      .orderBy(asc(deals.title)),
  ]);
  if (!company) throw notFound("company");
  return { ...company, contacts: people, deals: companyDeals };
}

export async function createCompany(ctx: WorkspaceCtx, input: z.infer<typeof createCompanyInput>) {
  const [company] = await createCompanies(ctx, [input]);
  return company!;
}

/**
 * Companies made together (those an import's batch names): the same checks, rows and timeline
 * entries as one at a time, in one statement each. All or none: the first refusal throws.
 */
export async function createCompanies(ctx: WorkspaceCtx, inputs: z.infer<typeof createCompanyInput>[]) {
  if (inputs.length === 0) return [];
  const fields = await listCustomFields(ctx, "company");
  const rows = [];
  for (const { custom, ...input } of inputs) {
    const values = await prepareCustomValues(ctx, "company", custom ?? {}, "create", fields);
    // The id is given so that each row is known again among those the insert returns.
    rows.push({ ...input, custom: values.set, id: randomUUID(), workspaceId: ctx.workspaceId, ownerId: ctx.userId, createdBy: ctx.userId, updatedBy: ctx.userId });
  }
  const created = inOrder(rows, await ctx.db.insert(companies).values(rows).returning());
  await recordActivities(ctx, created.map((company) => ({ recordType: "company", recordId: company.id, kind: "created", data: { name: company.name } })));
  return created;
}

export async function updateCompany(ctx: WorkspaceCtx, { id, custom, ...patch }: z.infer<typeof updateCompanyInput>) {
  const [before] = await ctx.db.select().from(companies).where(scope(ctx, id)).for("update").limit(1);
  if (!before) throw notFound("company");
  const values = custom ? await prepareCustomValues(ctx, "company", custom, "update") : null;
  const [company] = await ctx.db
    .update(companies)
    .set({ ...patch, ...(values ? { custom: mergeCustom(companies.custom, values) } : {}), updatedBy: ctx.userId, updatedAt: sql`now()` })
    .where(scope(ctx, id))
    .returning();
  if (!company) throw notFound("company");
  await recordFieldChanges(ctx, "company", id, before, company);
  return company;
}

/** To the trash: its people and deals keep their link, hidden until it is restored. */
export async function deleteCompany(ctx: WorkspaceCtx, id: string) {
  const [gone] = await ctx.db
    .update(companies)
    .set({ deletedAt: sql`now()`, deletedBy: ctx.userId })
    .where(scope(ctx, id))
    .returning({ id: companies.id, name: companies.name });
  if (!gone) throw notFound("company");
  await recordActivity(ctx, { recordType: "company", recordId: id, kind: "deleted", data: { name: gone.name } });
  return { id: gone.id };
}
