import { z } from "zod";
import { customValues } from "../custom-fields";
import { createDealInput } from "./crm";
import { email, id, optionalText, requiredText, tagList } from "./common";

export const leadStatuses = ["new", "contacted", "qualified", "unqualified", "converted"] as const;
export const leadStatusLabels = { new: "New", contacted: "Contacted", qualified: "Qualified", unqualified: "Unqualified", converted: "Converted" } as const;
export const leadSources = ["website", "referral", "event", "outbound", "partner", "ads", "other"] as const;
export const leadSourceLabels = {
  website: "Website",
  referral: "Referral",
  event: "Event",
  outbound: "Outbound",
  partner: "Partner",
  ads: "Ads",
  other: "Other",
} as const;

export const leadInput = z.object({
  firstName: requiredText("First name", 120),
  lastName: optionalText(120),
  email: email.nullish().or(z.literal("").transform(() => null)).transform((v) => v ?? null),
  phone: optionalText(40),
  companyName: optionalText(200),
  title: optionalText(120),
  source: z.enum(leadSources).nullish().transform((v) => v ?? null),
  /** How good a fit: budget, authority, need, timing, in the rep's words. */
  qualification: optionalText(5000),
  custom: customValues.optional(),
  tags: tagList.optional(),
});
export const createLeadInput = leadInput;
export const updateLeadInput = leadInput
  .partial()
  .extend({ id, status: z.enum(leadStatuses).exclude(["converted"]).optional() });

/**
 * Converting a lead: into an existing contact and company or new ones (matched by email and by
 * company name), and optionally a deal.
 */
export const convertLeadInput = z.object({
  id,
  contactId: id.nullish().transform((v) => v ?? null),
  companyId: id.nullish().transform((v) => v ?? null),
  deal: createDealInput.pick({ title: true, amount: true, currency: true, stageId: true, expectedCloseDate: true }).nullish().transform((v) => v ?? null),
});
