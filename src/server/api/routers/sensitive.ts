import { z } from "zod";
import { revealSensitive, sensitiveSummary, setSensitive } from "@/server/domain/sensitive/sensitive";
import { recordObjects } from "@/shared/permissions";
import { customFieldTypes } from "@/shared/custom-fields";
import { assertAllowed, keyringOf, router, workspaceProcedure } from "../trpc";

const record = z.object({ object: z.enum(recordObjects), recordId: z.uuid() });

/**
 * Sensitive fields of a record: sealed at rest, shown only when revealed (each reveal audited),
 * to people who may read the record — not to viewers, not to API keys.
 */
export const sensitiveRouter = router({
  summary: workspaceProcedure
    .input(record)
    .output(z.array(z.object({ id: z.uuid(), label: z.string(), type: z.enum(customFieldTypes), hasValue: z.boolean(), updatedAt: z.date().nullable() })))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return sensitiveSummary(ctx.ws, input.object, input.recordId);
    }),

  reveal: workspaceProcedure
    .input(record)
    .output(z.array(z.object({ id: z.uuid(), label: z.string(), type: z.enum(customFieldTypes), value: z.string().nullable(), problem: z.string().nullable() })))
    .mutation(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      assertAllowed(ctx, "sensitive.read");
      return revealSensitive(ctx.ws, keyringOf(ctx), input.object, input.recordId);
    }),

  set: workspaceProcedure
    .input(record.extend({ fieldId: z.uuid(), value: z.string().max(20000).nullable() }))
    .output(z.object({ fieldId: z.uuid(), hasValue: z.boolean() }))
    .mutation(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.update`);
      assertAllowed(ctx, "sensitive.read");
      return setSensitive(ctx.ws, keyringOf(ctx), input);
    }),
});
