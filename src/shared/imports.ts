/**
 * CSV import: the fields a file's columns can fill for each record type, and the choices made
 * before running it.
 */
import { z } from "zod";
import type { RecordObject } from "./permissions";

export const duplicateActions = ["skip", "update", "create"] as const;
export const duplicateActionLabels: Record<(typeof duplicateActions)[number], string> = {
  skip: "Skip the row",
  update: "Update the existing record",
  create: "Create a new record anyway",
};
export const dateOrders = ["auto", "dmy", "mdy"] as const;

export const importOptions = z.object({
  /** What a row that matches an existing record does. */
  onDuplicate: z.enum(duplicateActions),
  /** How 03/04/2026 reads: day first, month first, or decided from the file. */
  dateOrder: z.enum(dateOrders).default("auto"),
});
export type ImportOptions = z.infer<typeof importOptions>;

/** Column index (as text) → field key; a column left out is ignored. */
export const importMapping = z.record(z.string().regex(/^\d{1,3}$/), z.string().max(80));

export interface ImportField {
  key: string;
  label: string;
  required?: boolean;
  /** Column names that mean this field. */
  aliases: string[];
}

const tags: ImportField = { key: "tags", label: "Tags", aliases: ["tags", "labels"] };
const person: ImportField[] = [
  { key: "firstName", label: "First name", required: true, aliases: ["first name", "firstname", "given name", "first"] },
  { key: "lastName", label: "Last name", aliases: ["last name", "lastname", "surname", "family name", "last"] },
  { key: "email", label: "Email", aliases: ["email", "e-mail", "email address", "mail"] },
  { key: "phone", label: "Phone", aliases: ["phone", "telephone", "phone number", "mobile", "tel"] },
  { key: "title", label: "Job title", aliases: ["title", "job title", "position", "role"] },
];

/** The built-in fields a file can fill (custom fields are added per workspace). */
export const importFields: Record<RecordObject, ImportField[]> = {
  company: [
    { key: "name", label: "Name", required: true, aliases: ["name", "company", "company name", "organisation", "organization", "account"] },
    { key: "domain", label: "Domain", aliases: ["domain", "website", "web", "url", "site"] },
    { key: "industry", label: "Industry", aliases: ["industry", "sector"] },
    { key: "size", label: "Size", aliases: ["size", "employees", "company size", "headcount"] },
    { key: "city", label: "City", aliases: ["city", "town"] },
    { key: "country", label: "Country", aliases: ["country"] },
    tags,
  ],
  contact: [
    ...person,
    { key: "company", label: "Company (by name; created if new)", aliases: ["company", "company name", "organisation", "organization", "account"] },
    { key: "lifecycleStage", label: "Lifecycle stage", aliases: ["lifecycle", "lifecycle stage", "stage"] },
    tags,
  ],
  deal: [
    { key: "title", label: "Title", required: true, aliases: ["title", "deal", "deal name", "name", "opportunity"] },
    { key: "amount", label: "Amount", aliases: ["amount", "value", "deal value", "price"] },
    { key: "currency", label: "Currency", aliases: ["currency"] },
    { key: "stage", label: "Stage (by name)", aliases: ["stage", "deal stage", "status"] },
    { key: "expectedCloseDate", label: "Expected close date", aliases: ["close date", "expected close", "expected close date", "closing date"] },
    { key: "probability", label: "Probability (%)", aliases: ["probability", "likelihood"] },
    { key: "company", label: "Company (by name; created if new)", aliases: ["company", "company name", "account"] },
    { key: "contact", label: "Contact (by email)", aliases: ["contact", "contact email", "email"] },
    tags,
  ],
  lead: [
    ...person,
    { key: "companyName", label: "Company", aliases: ["company", "company name", "organisation", "organization"] },
    { key: "source", label: "Source", aliases: ["source", "lead source", "channel"] },
    { key: "status", label: "Status", aliases: ["status", "lead status"] },
    { key: "qualification", label: "Qualification", aliases: ["qualification", "notes", "comments"] },
    tags,
  ],
};
