import { z } from "zod";
import { assertInWorkspace } from "@/server/domain/references";
import { recordHistory, recordVersion } from "@/server/domain/record-docs/history";
import { recordDocKinds } from "@/shared/doc-names";
import { assertAllowed, rest, router, workspaceProcedure } from "../trpc";

const recordRef = z.object({ object: z.enum(recordDocKinds), id: z.uuid() });
const person = z.object({ id: z.uuid(), name: z.string() }).nullable();
const value = z.unknown();

export const historyRouter = router({
  /** Every version of a record from its live edits: who, when, which fields from what to what; and who last changed each field. */
  list: workspaceProcedure
    .meta(rest("GET", "/history", "A record's versions, newest first, and who last changed each field", "history"))
    .input(recordRef)
    .output(
      z.object({
        versions: z.array(
          z.object({
            upTo: z.number().int(),
            at: z.string(),
            user: person,
            baseline: z.boolean(),
            changes: z.array(z.object({ key: z.string(), label: z.string(), from: value, to: value })),
          }),
        ),
        blame: z.record(z.string(), z.object({ user: person, at: z.string() })),
        fields: z.array(z.object({ key: z.string(), label: z.string() })),
      }),
    )
    .query(async ({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      await assertInWorkspace(ctx.ws, input.object, input.id);
      return recordHistory(ctx.ws, input.object, input.id);
    }),

  /** The record's document at a version, as a base64 Yjs update: to look at, or restore from. */
  version: workspaceProcedure
    .meta(rest("GET", "/history/version", "A record's document at one version (base64 Yjs update)", "history"))
    .input(recordRef.extend({ upTo: z.number().int().min(1) }))
    .output(z.object({ upTo: z.number().int(), state: z.string() }))
    .query(async ({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      await assertInWorkspace(ctx.ws, input.object, input.id);
      return recordVersion(ctx.ws, input.object, input.id, input.upTo);
    }),
});
