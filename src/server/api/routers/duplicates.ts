import { z } from "zod";
import { findSimilar, mergeRecords, scanDuplicates } from "@/server/domain/duplicates/duplicates";
import { recordsByIds } from "@/server/domain/views/record-query";
import { recordObjects } from "@/shared/permissions";
import { id } from "@/shared/schemas";
import { fieldKinds } from "@/shared/views";
import { assertAllowed, rest, router, workspaceProcedure } from "../trpc";

const object = z.enum(recordObjects);
const reason = z.enum(["same_email", "same_domain", "similar_name", "same_name"]);
const text = z.string().trim().max(300).nullish();

export const duplicatesRouter = router({
  check: workspaceProcedure
    .meta(rest("POST", "/duplicates/{object}/check", "Records that look like one about to be created: same email, same domain, similar name", "duplicates"))
    .input(z.object({ object, email: text, domain: text, name: text, excludeId: id.optional() }))
    .output(z.array(z.object({ id: z.uuid(), label: z.string(), detail: z.string().nullable(), reason })))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return findSimilar(ctx.ws, input.object, input, input.excludeId);
    }),
  scan: workspaceProcedure
    .meta(rest("GET", "/duplicates/{object}", "Groups of records sharing an email, a domain or a name", "duplicates"))
    .input(z.object({ object }))
    .output(
      z.array(
        z.object({
          reason,
          key: z.string(),
          records: z.array(z.object({ id: z.uuid(), label: z.string().nullable(), detail: z.string().nullable() })),
        }),
      ),
    )
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return scanDuplicates(ctx.ws, input.object);
    }),
  compare: workspaceProcedure
    .input(z.object({ object, ids: z.array(id).min(2).max(10) }))
    .output(
      z.object({
        fields: z.array(z.object({ key: z.string(), label: z.string(), kind: z.enum(fieldKinds), custom: z.boolean().optional(), choices: z.array(z.object({ id: z.string(), label: z.string() })).optional() })),
        rows: z.array(z.object({ id: z.uuid(), values: z.record(z.string(), z.unknown()) })),
      }),
    )
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return recordsByIds(ctx.ws, input.object, input.ids);
    }),
  merge: workspaceProcedure
    .meta(rest("POST", "/duplicates/{object}/merge", "Merge records into one: it keeps the chosen values and takes over everything related", "duplicates"))
    .input(z.object({ object, survivorId: id, mergedIds: z.array(id).min(1).max(9), choices: z.record(z.string().max(80), id).optional() }))
    .output(z.object({ id: z.uuid(), merged: z.number().int() }))
    .mutation(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.delete`);
      // A merge rewrites whatever points at the merged records, of every type.
      for (const o of recordObjects) assertAllowed(ctx, `${o}.update`);
      return mergeRecords(ctx.ws, input.object, input);
    }),
});
