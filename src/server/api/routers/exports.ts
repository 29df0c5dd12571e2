import { z } from "zod";
import { customCell, exportColumns, exportPage, listCustomFields } from "@/server/domain/exports/export-page";
import { recordObjects } from "@/shared/permissions";
import { assertAllowed, router, workspaceProcedure } from "../trpc";

const cell = (v: unknown) => (v === null || v === undefined ? "" : v instanceof Date ? v.toISOString() : String(v));

/**
 * Pages of a CSV export, for the export endpoint (/api/export/{type}.csv), which streams them:
 * the same workspace scoping and read permission (and API key scope) as every other door.
 */
export const exportsRouter = router({
  page: workspaceProcedure
    .input(
      z.object({
        object: z.enum(recordObjects),
        search: z.string().trim().max(200).optional(),
        after: z.uuid().optional(),
        size: z.number().int().min(1).max(5000).default(1000),
      }),
    )
    .output(z.object({ header: z.array(z.string()), rows: z.array(z.array(z.string())), next: z.uuid().nullable() }))
    .query(async ({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      const fields = await listCustomFields(ctx.ws, input.object);
      const columns = exportColumns[input.object];
      const rows = await exportPage(ctx.ws, input);
      return {
        header: [...columns.map(([, h]) => h), ...fields.map((f) => f.label)],
        rows: rows.map((r) => [...columns.map(([k]) => cell(r[k])), ...fields.map((f) => customCell(f, r.custom[f.id]))]),
        next: rows.length === input.size ? rows.at(-1)!.id : null,
      };
    }),
});
