import { z } from "zod";
import { convertLead, createLead, deleteLead, getLead, listLeads, updateLead } from "@/server/domain/leads/leads";
import { convertLeadInput, createLeadInput, idInput, leadSources, leadStatuses, listInput, updateLeadInput } from "@/shared/schemas";
import { assertAllowed, permitted, rest, router } from "../trpc";
import { customValuesOut } from "./shapes";

const text = z.string().nullable();
const lead = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: text,
  email: text,
  phone: text,
  companyName: text,
  title: text,
  source: z.enum(leadSources).nullable(),
  status: z.enum(leadStatuses),
  qualification: text,
  convertedAt: z.date().nullable(),
  convertedContactId: z.uuid().nullable(),
  convertedCompanyId: z.uuid().nullable(),
  convertedDealId: z.uuid().nullable(),
  custom: customValuesOut,
  tags: z.array(z.string()),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const leadsRouter = router({
  list: permitted("lead.read")
    .meta(rest("GET", "/leads", "List leads, newest first", "leads"))
    .input(listInput)
    .output(z.array(lead))
    .query(({ ctx, input }) => listLeads(ctx.ws, input)),
  get: permitted("lead.read")
    .meta(rest("GET", "/leads/{id}", "Get a lead", "leads"))
    .input(idInput)
    .output(lead)
    .query(({ ctx, input }) => getLead(ctx.ws, input.id)),
  create: permitted("lead.create")
    .meta(rest("POST", "/leads", "Create a lead", "leads"))
    .input(createLeadInput)
    .output(lead)
    .mutation(({ ctx, input }) => createLead(ctx.ws, input)),
  update: permitted("lead.update")
    .meta(rest("PATCH", "/leads/{id}", "Update a lead (status, qualification…)", "leads"))
    .input(updateLeadInput)
    .output(lead)
    .mutation(({ ctx, input }) => updateLead(ctx.ws, input)),
  delete: permitted("lead.delete")
    .meta(rest("DELETE", "/leads/{id}", "Move a lead to the trash", "leads"))
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => deleteLead(ctx.ws, input.id)),
  convert: permitted("lead.update")
    .meta(rest("POST", "/leads/{id}/convert", "Convert a lead into a contact and company, and optionally a deal, in one transaction", "leads"))
    .input(convertLeadInput)
    .output(z.object({ leadId: z.uuid(), contactId: z.uuid(), companyId: z.uuid().nullable(), dealId: z.uuid().nullable() }))
    .mutation(({ ctx, input }) => {
      assertAllowed(ctx, "contact.create");
      assertAllowed(ctx, "company.create");
      if (input.deal) assertAllowed(ctx, "deal.create");
      return convertLead(ctx.ws, input);
    }),
});
