import { z } from "zod";
import { customValues } from "../custom-fields";
import { email, id, optionalText, requiredText, tagList } from "./common";

export const companySizes = ["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5001+"] as const;
export const dealContactRoles = ["decision_maker", "champion", "influencer", "user", "blocker", "other"] as const;
export const dealContactRoleLabels: Record<(typeof dealContactRoles)[number], string> = {
  decision_maker: "Decision maker",
  champion: "Champion",
  influencer: "Influencer",
  user: "User",
  blocker: "Blocker",
  other: "Other",
};
export const lifecycleStages = ["subscriber", "lead", "mql", "sql", "opportunity", "customer", "evangelist", "other"] as const;
export const lifecycleLabels: Record<(typeof lifecycleStages)[number], string> = {
  subscriber: "Subscriber",
  lead: "Lead",
  mql: "Marketing qualified",
  sql: "Sales qualified",
  opportunity: "Opportunity",
  customer: "Customer",
  evangelist: "Evangelist",
  other: "Other",
};

/** A web address, or nothing. */
const link = z
  .url({ protocol: /^https?$/, message: "Enter a web address starting with https://." })
  .max(500)
  .nullish()
  .or(z.literal("").transform(() => null))
  .transform((v) => v ?? null);

export const address = z.object({
  street: optionalText(200),
  city: optionalText(120),
  region: optionalText(120),
  postalCode: optionalText(20),
  country: optionalText(80),
});

export const companyLinks = z.object({ website: link, linkedin: link, twitter: link });
export const contactLinks = z.object({ linkedin: link, twitter: link });

const labelled = (value: z.ZodType<string>) =>
  z.object({ value, label: z.string().trim().max(30).default("work") });
const phoneNumber = z
  .string()
  .trim()
  .regex(/^\+?[0-9 ().-]{3,40}$/, { message: "Enter a phone number with digits, spaces, + ( ) - or ." });

export const companyInput = z.object({
  name: requiredText("Name", 200),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .max(253)
    .regex(/^([a-z0-9-]+\.)+[a-z]{2,}$/, { message: "Enter a domain like example.com." })
    .nullish()
    .or(z.literal("").transform(() => null))
    .transform((v) => v ?? null),
  industry: optionalText(120),
  size: z.enum(companySizes).nullish().transform((v) => v ?? null),
  address: address.nullish().transform((v) => v ?? null),
  links: companyLinks.nullish().transform((v) => v ?? null),
  /** Custom field values by field id; null clears one. */
  custom: customValues.optional(),
  tags: tagList.optional(),
});
export const createCompanyInput = companyInput;
export const updateCompanyInput = companyInput.partial().extend({ id });

export const contactInput = z.object({
  firstName: requiredText("First name", 120),
  lastName: optionalText(120),
  email: email.nullish().or(z.literal("").transform(() => null)).transform((v) => v ?? null),
  phone: optionalText(40),
  /** Every address and number, the first being the primary `email` / `phone`. */
  emails: z.array(labelled(email)).max(20, { message: "Keep it to 20 email addresses." }).optional(),
  phones: z.array(labelled(phoneNumber)).max(20, { message: "Keep it to 20 phone numbers." }).optional(),
  title: optionalText(120),
  companyId: id.nullish().transform((v) => v ?? null),
  lifecycleStage: z.enum(lifecycleStages).nullish().transform((v) => v ?? null),
  links: contactLinks.nullish().transform((v) => v ?? null),
  custom: customValues.optional(),
  tags: tagList.optional(),
});
export const createContactInput = contactInput;
export const updateContactInput = contactInput.partial().extend({ id });

const money = z
  .number({ message: "Amount must be a number." })
  .min(0, { message: "Amount cannot be negative." })
  .max(1e12, { message: "That amount is too large." });

export const currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { message: "Use a three-letter currency code like USD." });

export const dealInput = z.object({
  title: requiredText("Title", 200),
  amount: money.nullish().transform((v) => v ?? null),
  currency,
  stageId: id,
  companyId: id.nullish().transform((v) => v ?? null),
  contactId: id.nullish().transform((v) => v ?? null),
  expectedCloseDate: z.iso
    .date({ message: "Use a date like 2026-12-31." })
    .nullish()
    .or(z.literal("").transform(() => null))
    .transform((v) => v ?? null),
  /** 0–100, overriding the stage's probability; null to follow the stage again. */
  probability: z
    .number({ message: "Probability must be a number." })
    .int({ message: "Use a whole percentage." })
    .min(0, { message: "Probability is between 0 and 100." })
    .max(100, { message: "Probability is between 0 and 100." })
    .nullish()
    .transform((v) => v ?? null),
  closeReason: optionalText(500),
  custom: customValues.optional(),
  tags: tagList.optional(),
});
export const createDealInput = dealInput.extend({ currency: currency.default("USD") });
export const updateDealInput = dealInput.partial().extend({ id });
export const moveDealInput = z.object({ id, stageId: id, closeReason: optionalText(500).optional() });

export const stageKinds = ["open", "won", "lost"] as const;
export const stageInput = z.object({
  /** Absent for a new stage. */
  id: id.optional(),
  name: requiredText("Stage name", 60),
  probability: z
    .number({ message: "Probability must be a number." })
    .int({ message: "Use a whole percentage." })
    .min(0, { message: "Probability is between 0 and 100." })
    .max(100, { message: "Probability is between 0 and 100." }),
  kind: z.enum(stageKinds),
});

const stageList = z
  .array(stageInput)
  .min(1, { message: "A pipeline needs at least one stage." })
  .max(30, { message: "Keep a pipeline to 30 stages." })
  .superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((s, i) => {
      const key = s.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `Two stages are called “${s.name}”.` });
      seen.add(key);
    });
    if (!stages.some((s) => s.kind === "open")) ctx.addIssue({ code: "custom", path: [], message: "A pipeline needs at least one open stage." });
  });

export const pipelineInput = z.object({
  name: requiredText("Pipeline name", 80),
  /** The usual stages (lead in … won, lost) when left out. */
  stages: stageList.optional(),
});

export const stagesInput = z.object({
  pipelineId: id,
  stages: stageList,
  /** For each removed stage that holds deals: the kept stage (id) or new stage (position) they move to. */
  moveDealsTo: z.record(z.uuid(), z.union([id, z.number().int().min(0)])).optional(),
});
