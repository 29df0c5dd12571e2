import { z } from "zod";
import { customValues } from "../custom-fields";
import { email, id, optionalText, requiredText } from "./common";

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
  /** Custom field values by field id; null clears one. */
  custom: customValues.optional(),
});
export const createCompanyInput = companyInput;
export const updateCompanyInput = companyInput.partial().extend({ id });

export const contactInput = z.object({
  firstName: requiredText("First name", 120),
  lastName: optionalText(120),
  email: email.nullish().or(z.literal("").transform(() => null)).transform((v) => v ?? null),
  phone: optionalText(40),
  title: optionalText(120),
  companyId: id.nullish().transform((v) => v ?? null),
  custom: customValues.optional(),
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
  custom: customValues.optional(),
});
export const createDealInput = dealInput.extend({ currency: currency.default("USD") });
export const updateDealInput = dealInput.partial().extend({ id });
export const moveDealInput = z.object({ id, stageId: id });
