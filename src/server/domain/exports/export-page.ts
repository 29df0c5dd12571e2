import { and, asc, eq, gt, ilike, isNull } from "drizzle-orm";
import { companies, contacts, deals, leads, pipelineStages, users } from "@/server/db/schema";
import type { RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { listCustomFields, type CustomField } from "../custom-fields/custom-fields";
import { escapeLike } from "../references";

type Row = Record<string, unknown> & { id: string; custom: Record<string, unknown> };

/** The built-in columns of each export, as people read them. */
export const exportColumns: Record<RecordObject, [key: string, header: string][]> = {
  company: [["name", "Name"], ["domain", "Domain"], ["industry", "Industry"], ["size", "Size"], ["createdAt", "Created"]],
  contact: [["firstName", "First name"], ["lastName", "Last name"], ["email", "Email"], ["phone", "Phone"], ["title", "Title"], ["companyName", "Company"], ["lifecycleStage", "Lifecycle stage"], ["createdAt", "Created"]],
  deal: [["title", "Title"], ["amount", "Amount"], ["currency", "Currency"], ["stageName", "Stage"], ["companyName", "Company"], ["ownerName", "Owner"], ["expectedCloseDate", "Expected close"], ["createdAt", "Created"]],
  lead: [["firstName", "First name"], ["lastName", "Last name"], ["email", "Email"], ["phone", "Phone"], ["companyName", "Company"], ["source", "Source"], ["status", "Status"], ["createdAt", "Created"]],
};

/**
 * One page of an export: live records of the workspace matching the list's search, in id order
 * (keyset, so a million rows export in constant memory), with their custom values.
 */
export async function exportPage(ctx: WorkspaceCtx, input: { object: RecordObject; search?: string; after?: string; size: number }): Promise<Row[]> {
  const term = input.search ? `%${escapeLike(input.search.toLowerCase())}%` : undefined;
  const page = <T extends { workspaceId: unknown; id: unknown; deletedAt: unknown; searchText: unknown }>(t: T) =>
    and(
      eq(t.workspaceId as never, ctx.workspaceId),
      isNull(t.deletedAt as never),
      term ? ilike(t.searchText as never, term) : undefined,
      input.after ? gt(t.id as never, input.after) : undefined,
    );
  switch (input.object) {
    case "company":
      return ctx.db
        .select({ id: companies.id, name: companies.name, domain: companies.domain, industry: companies.industry, size: companies.size, createdAt: companies.createdAt, custom: companies.custom })
        .from(companies)
        .where(page(companies))
        .orderBy(asc(companies.id))
        .limit(input.size);
    case "contact":
      return ctx.db
        .select({
          id: contacts.id,
          firstName: contacts.firstName,
          lastName: contacts.lastName,
          email: contacts.email,
          phone: contacts.phone,
          title: contacts.title,
          companyName: companies.name,
          lifecycleStage: contacts.lifecycleStage,
          createdAt: contacts.createdAt,
          custom: contacts.custom,
        })
        .from(contacts)
        .leftJoin(companies, and(eq(companies.workspaceId, contacts.workspaceId), eq(companies.id, contacts.companyId), isNull(companies.deletedAt)))
        .where(page(contacts))
        .orderBy(asc(contacts.id))
        .limit(input.size);
    case "deal":
      return ctx.db
        .select({
          id: deals.id,
          title: deals.title,
          amount: deals.amount,
          currency: deals.currency,
          stageName: pipelineStages.name,
          companyName: companies.name,
          ownerName: users.name,
          expectedCloseDate: deals.expectedCloseDate,
          createdAt: deals.createdAt,
          custom: deals.custom,
        })
        .from(deals)
        .innerJoin(pipelineStages, and(eq(pipelineStages.workspaceId, deals.workspaceId), eq(pipelineStages.id, deals.stageId)))
        .leftJoin(companies, and(eq(companies.workspaceId, deals.workspaceId), eq(companies.id, deals.companyId), isNull(companies.deletedAt)))
        .leftJoin(users, eq(users.id, deals.ownerId))
        .where(page(deals))
        .orderBy(asc(deals.id))
        .limit(input.size);
    case "lead":
      return ctx.db
        .select({
          id: leads.id,
          firstName: leads.firstName,
          lastName: leads.lastName,
          email: leads.email,
          phone: leads.phone,
          companyName: leads.companyName,
          source: leads.source,
          status: leads.status,
          createdAt: leads.createdAt,
          custom: leads.custom,
        })
        .from(leads)
        .where(page(leads))
        .orderBy(asc(leads.id))
        .limit(input.size);
  }
}

/** A custom value as a spreadsheet cell: choices by their label, lists joined. */
export function customCell(field: CustomField, value: unknown): string {
  if (value === undefined || value === null) return "";
  const label = (id: unknown) => field.options.choices?.find((c) => c.id === id)?.label ?? String(id);
  if (field.type === "select") return label(value);
  if (field.type === "multi_select" && Array.isArray(value)) return value.map(label).join("; ");
  if (field.type === "checkbox") return value ? "yes" : "no";
  return String(value);
}

export { listCustomFields };
