import { z } from "zod";
import { createCustomField, deleteCustomField, listCustomFields, updateCustomField } from "@/server/domain/custom-fields/custom-fields";
import { customFieldInput, customFieldOptions, customFieldOptionsShape, customFieldTypes } from "@/shared/custom-fields";
import { recordObjects } from "@/shared/permissions";
import { id, idInput } from "@/shared/schemas";
import { permitted, rest, router, workspaceProcedure } from "../trpc";

const field = z.object({
  id: z.uuid(),
  object: z.enum(recordObjects),
  label: z.string(),
  type: z.enum(customFieldTypes),
  required: z.boolean(),
  options: customFieldOptions,
  position: z.number(),
  sensitive: z.boolean(),
});

/** Everyone reads the definitions (forms need them); admins change them. */
export const customFieldsRouter = router({
  list: workspaceProcedure
    .meta(rest("GET", "/custom-fields", "Custom field definitions, by record type", "custom fields"))
    .input(z.object({ object: z.enum(recordObjects).optional(), includeSensitive: z.boolean().optional() }).default({}))
    .output(z.array(field))
    .query(({ ctx, input }) => listCustomFields(ctx.ws, input.object, { includeSensitive: input.includeSensitive })),
  create: permitted("workspace.update")
    .input(customFieldInput)
    .output(field)
    .mutation(({ ctx, input }) => createCustomField(ctx.ws, input)),
  update: permitted("workspace.update")
    .input(z.object({ id, label: z.string().trim().min(1).max(60).optional(), required: z.boolean().optional(), options: customFieldOptionsShape.optional() }))
    .output(field)
    .mutation(({ ctx, input }) => updateCustomField(ctx.ws, input)),
  delete: permitted("workspace.update")
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => deleteCustomField(ctx.ws, input.id)),
});
