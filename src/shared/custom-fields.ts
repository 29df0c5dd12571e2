import { z } from "zod";
import { recordObjects } from "./permissions";

/** The kinds of custom field an admin can add to companies, contacts and deals. */
export const customFieldTypes = [
  "text",
  "long_text",
  "number",
  "currency",
  "date",
  "select",
  "multi_select",
  "checkbox",
  "url",
  "email",
  "phone",
  "user",
  "relation",
] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

export const customFieldTypeLabels: Record<CustomFieldType, string> = {
  text: "Text",
  long_text: "Long text",
  number: "Number",
  currency: "Currency",
  date: "Date",
  select: "Select",
  multi_select: "Multi-select",
  checkbox: "Checkbox",
  url: "URL",
  email: "Email",
  phone: "Phone",
  user: "User",
  relation: "Relation to a record",
};

export const selectOption = z.object({ id: z.string().min(1).max(40), label: z.string().trim().min(1).max(100) });

/** Settings that some types need: the choices of a select, the currency, the related record type. */
export const customFieldOptionsShape = z
  .object({
    choices: z.array(selectOption).max(200).optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, { message: "Use a three-letter currency code like USD." })
      .optional(),
    relatesTo: z.enum(recordObjects).optional(),
  });
/** On create, no options means none; on update, leaving them out must keep them. */
export const customFieldOptions = customFieldOptionsShape.default({});
export type CustomFieldOptions = z.infer<typeof customFieldOptions>;

export const customFieldInput = z
  .object({
    object: z.enum(recordObjects),
    label: z.string().trim().min(1, { message: "Give the field a name." }).max(60, { message: "Keep the name under 60 characters." }),
    type: z.enum(customFieldTypes),
    required: z.boolean().default(false),
    options: customFieldOptions,
    /** Sealed at rest, hidden until revealed, every reveal audited (text fields only). */
    sensitive: z.boolean().default(false),
  })
  .superRefine((f, ctx) => {
    if (f.sensitive && f.type !== "text" && f.type !== "long_text") {
      ctx.addIssue({ code: "custom", path: ["sensitive"], message: "Only text fields can be sensitive." });
    }
    if (f.sensitive && f.required) {
      ctx.addIssue({ code: "custom", path: ["required"], message: "A sensitive field cannot be required: it is filled in on its own, after the record exists." });
    }
    if ((f.type === "select" || f.type === "multi_select") && !f.options.choices?.length) {
      ctx.addIssue({ code: "custom", path: ["options", "choices"], message: "A select field needs at least one choice." });
    }
    if (f.type === "relation" && !f.options.relatesTo) {
      ctx.addIssue({ code: "custom", path: ["options", "relatesTo"], message: "Choose which kind of record this field points to." });
    }
  });

/** Values as records carry them: by field id, so renaming a field never touches a record. */
export const customValues = z.record(z.uuid(), z.unknown());
export type CustomValues = Record<string, unknown>;
