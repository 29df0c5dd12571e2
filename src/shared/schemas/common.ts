import { z } from "zod";

export const id = z.uuid({ message: "That is not a valid id." });
export const idInput = z.object({ id });

/** Optional free text from a form: trimmed, empty becomes null. */
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `Keep it under ${max} characters.` })
    .nullish()
    .transform((v) => (v ? v : null));

export const requiredText = (label: string, max: number) =>
  z
    .string({ message: `${label} is required.` })
    .trim()
    .min(1, { message: `${label} is required.` })
    .max(max, { message: `${label} must be at most ${max} characters.` });

export const email = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ message: "Enter a valid email address." }));

/** A free label: trimmed, lower-cased, no commas (they separate tags in files and forms). */
export const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, { message: "A tag cannot be empty." })
  .max(40, { message: "Keep each tag under 40 characters." })
  .regex(/^[^,]+$/, { message: "A tag cannot contain a comma." });
export const tagList = z
  .array(tag)
  .max(30, { message: "Keep it to 30 tags." })
  .transform((tags) => [...new Set(tags)]);

export const listInput = z
  .object({
    search: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .default({ limit: 50 });

/** The deal list: a list, optionally of one pipeline. */
export const dealListInput = z
  .object({
    search: z.string().trim().max(200).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    pipelineId: id.optional(),
  })
  .default({ limit: 50 });
