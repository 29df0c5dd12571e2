import { z } from "zod";
import { createCompany, deleteCompany, getCompany, listCompanies, updateCompany } from "@/server/domain/companies/companies";
import { companySizes, createCompanyInput, idInput, listInput, updateCompanyInput } from "@/shared/schemas";
import { permitted, router, rest } from "../trpc";
import { addressOut, companyLinksOut, customValuesOut, recordMeta, relatedContact, relatedDeal } from "./shapes";

const company = z.object({
  id: z.uuid(),
  name: z.string(),
  domain: z.string().nullable(),
  industry: z.string().nullable(),
  custom: customValuesOut,
  updatedAt: z.date(),
});

export const companiesRouter = router({
  list: permitted("company.read")
    .meta(rest("GET", "/companies", "List companies", "companies"))
    .input(listInput)
    .output(z.array(company))
    .query(({ ctx, input }) => listCompanies(ctx.ws, input)),
  get: permitted("company.read")
    .meta(rest("GET", "/companies/{id}", "Get a company with its contacts and deals", "companies"))
    .input(idInput)
    .output(
      company.extend({
        ...recordMeta,
        size: z.enum(companySizes).nullable(),
        address: addressOut.nullable(),
        links: companyLinksOut.nullable(),
        contacts: z.array(relatedContact),
        deals: z.array(relatedDeal),
      }),
    )
    .query(({ ctx, input }) => getCompany(ctx.ws, input.id)),
  create: permitted("company.create")
    .meta(rest("POST", "/companies", "Create a company", "companies"))
    .input(createCompanyInput)
    .output(company.loose())
    .mutation(({ ctx, input }) => createCompany(ctx.ws, input)),
  update: permitted("company.update")
    .meta(rest("PATCH", "/companies/{id}", "Update a company", "companies"))
    .input(updateCompanyInput)
    .output(company.loose())
    .mutation(({ ctx, input }) => updateCompany(ctx.ws, input)),
  delete: permitted("company.delete")
    .meta(rest("DELETE", "/companies/{id}", "Delete a company", "companies"))
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => deleteCompany(ctx.ws, input.id)),
});
