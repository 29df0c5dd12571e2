import { randomUUID } from "node:crypto";
import { and, desc, eq, ilike, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { inOrder } from "@/server/db/in-order";
import { companies, contacts, leads } from "@/server/db/schema";
import { AppError, notFound } from "@/shared/errors";
import type { convertLeadInput, createLeadInput, listInput, updateLeadInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { recordActivities, recordActivity } from "../activities/activities";
import { recordFieldChanges } from "../activities/field-changes";
import { createCompany } from "../companies/companies";
import { createContact } from "../contacts/contacts";
import { listCustomFields, mergeCustom, prepareCustomValues } from "../custom-fields/custom-fields";
import { createDeal } from "../deals/deals";
import { assertInWorkspace, escapeLike } from "../references";

const scope = (ctx: WorkspaceCtx, id: string) => and(eq(leads.workspaceId, ctx.workspaceId), eq(leads.id, id), isNull(leads.deletedAt));

const columns = {
  id: leads.id,
  firstName: leads.firstName,
  lastName: leads.lastName,
  email: leads.email,
  phone: leads.phone,
  companyName: leads.companyName,
  title: leads.title,
  source: leads.source,
  status: leads.status,
  qualification: leads.qualification,
  convertedAt: leads.convertedAt,
  convertedContactId: leads.convertedContactId,
  convertedCompanyId: leads.convertedCompanyId,
  convertedDealId: leads.convertedDealId,
  custom: leads.custom,
  tags: leads.tags,
  createdAt: leads.createdAt,
  updatedAt: leads.updatedAt,
};

export async function listLeads(ctx: WorkspaceCtx, input: z.infer<typeof listInput>) {
  return ctx.db
    .select(columns)
    .from(leads)
    .where(
      and(
        eq(leads.workspaceId, ctx.workspaceId),
        isNull(leads.deletedAt),
        input.search ? ilike(leads.searchText, `%${escapeLike(input.search.toLowerCase())}%`) : undefined,
      ),
    )
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(input.limit);
}

export async function getLead(ctx: WorkspaceCtx, id: string) {
  const [lead] = await ctx.db.select(columns).from(leads).where(scope(ctx, id)).limit(1);
  if (!lead) throw notFound("lead");
  return lead;
}

export async function createLead(ctx: WorkspaceCtx, input: z.infer<typeof createLeadInput>) {
  const [lead] = await createLeads(ctx, [input]);
  return lead!;
}

/**
 * Leads made together (an import's batch): the same checks, rows and timeline entries as one at a
 * time, in one statement each. All or none: the first refusal throws.
 */
export async function createLeads(ctx: WorkspaceCtx, inputs: z.infer<typeof createLeadInput>[]) {
  if (inputs.length === 0) return [];
  const fields = await listCustomFields(ctx, "lead");
  const rows = [];
  for (const { custom, ...input } of inputs) {
    const values = await prepareCustomValues(ctx, "lead", custom ?? {}, "create", fields);
    // The id is given so that each row is known again among those the insert returns.
    rows.push({ ...input, custom: values.set, id: randomUUID(), workspaceId: ctx.workspaceId, ownerId: ctx.userId, createdBy: ctx.userId, updatedBy: ctx.userId });
  }
  const created = inOrder(rows, await ctx.db.insert(leads).values(rows).returning(columns));
  await recordActivities(ctx, created.map((lead) => ({ recordType: "lead", recordId: lead.id, kind: "created" })));
  return created;
}

export async function updateLead(ctx: WorkspaceCtx, { id, custom, ...patch }: z.infer<typeof updateLeadInput>) {
  const [before] = await ctx.db.select().from(leads).where(scope(ctx, id)).for("update").limit(1);
  const values = custom ? await prepareCustomValues(ctx, "lead", custom, "update") : null;
  const [lead] = await ctx.db
    .update(leads)
    .set({ ...patch, ...(values ? { custom: mergeCustom(leads.custom, values) } : {}), updatedBy: ctx.userId, updatedAt: sql`now()` })
    .where(and(scope(ctx, id), isNull(leads.convertedAt)))
    .returning(columns);
  if (!lead) {
    await getLead(ctx, id); // not found, or…
    throw new AppError("CONFLICT", "lead.converted", "This lead has been converted: edit the contact, company or deal it became.");
  }
  if (before) await recordFieldChanges(ctx, "lead", id, before, lead);
  return lead;
}

export async function deleteLead(ctx: WorkspaceCtx, id: string) {
  const [gone] = await ctx.db
    .update(leads)
    .set({ deletedAt: sql`now()`, deletedBy: ctx.userId })
    .where(scope(ctx, id))
    .returning({ id: leads.id });
  if (!gone) throw notFound("lead");
  await recordActivity(ctx, { recordType: "lead", recordId: id, kind: "deleted" });
  return gone;
}

/**
 * A lead becomes a contact (an existing one, the one with its email, or a new one) at a company
 * (an existing one, the one with its name, or a new one), and optionally a deal — all in the
 * caller's transaction. The lead stays, marked converted and pointing at what it became, with its
 * timeline.
 */
export async function convertLead(ctx: WorkspaceCtx, input: z.infer<typeof convertLeadInput>) {
  const [lead] = await ctx.db.select().from(leads).where(scope(ctx, input.id)).for("update").limit(1);
  if (!lead) throw notFound("lead");
  if (lead.convertedAt) throw new AppError("CONFLICT", "lead.converted", "This lead has already been converted.");

  let companyId = input.companyId;
  if (companyId) await assertInWorkspace(ctx, "company", companyId);
  else if (lead.companyName) {
    const [same] = await ctx.db
      .select({ id: companies.id })
      .from(companies)
      .where(and(eq(companies.workspaceId, ctx.workspaceId), isNull(companies.deletedAt), sql`lower(${companies.name}) = lower(${lead.companyName})`))
      .limit(1);
    companyId = same?.id ?? (await createCompany(ctx, { name: lead.companyName, domain: null, industry: null, size: null, address: null, links: null })).id;
  }

  let contactId = input.contactId;
  if (contactId) await assertInWorkspace(ctx, "contact", contactId);
  else {
    const [same] = lead.email
      ? await ctx.db
          .select({ id: contacts.id })
          .from(contacts)
          .where(and(eq(contacts.workspaceId, ctx.workspaceId), isNull(contacts.deletedAt), eq(contacts.email, lead.email)))
          .limit(1)
      : [];
    contactId =
      same?.id ??
      (
        await createContact(ctx, {
          firstName: lead.firstName,
          lastName: lead.lastName,
          email: lead.email,
          phone: lead.phone,
          title: lead.title,
          companyId,
          lifecycleStage: "sql",
          links: null,
        })
      ).id;
  }

  const deal = input.deal ? await createDeal(ctx, { ...input.deal, companyId, contactId, probability: null, closeReason: null }) : null;

  await ctx.db
    .update(leads)
    .set({
      status: "converted",
      convertedAt: sql`now()`,
      convertedContactId: contactId,
      convertedCompanyId: companyId,
      convertedDealId: deal?.id ?? null,
      updatedBy: ctx.userId,
      updatedAt: sql`now()`,
    })
    .where(scope(ctx, lead.id));
  await recordActivity(ctx, { recordType: "lead", recordId: lead.id, kind: "converted", data: { contactId, companyId, dealId: deal?.id ?? null } });
  await recordActivity(ctx, { recordType: "contact", recordId: contactId, kind: "converted_from_lead", data: { leadId: lead.id } });
  return { leadId: lead.id, contactId, companyId, dealId: deal?.id ?? null };
}
