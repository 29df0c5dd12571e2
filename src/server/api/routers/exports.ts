import { z } from "zod";
import { audit } from "@/server/domain/audit/audit";
import { customCell, exportColumns, exportPage, listCustomFields } from "@/server/domain/exports/export-page";
import { listViewFields, queryRecords } from "@/server/domain/views/record-query";
import { AppError } from "@/shared/errors";
import { recordObjects } from "@/shared/permissions";
import { viewFilter, viewSort, type FieldDef } from "@/shared/views";
import { assertAllowed, router, workspaceProcedure } from "../trpc";

/** A view's value as a spreadsheet cell: labels for choices, people and records; lists joined. */
function viewCell(field: FieldDef, v: unknown): string {
  if (v === null || v === undefined) return "";
  const choice = (id: unknown) => field.choices?.find((c) => c.id === id)?.label ?? String(id);
  if (field.kind === "select") return choice(v);
  if (Array.isArray(v)) return v.map((x) => (field.kind === "tags" ? String(x) : choice(x))).join("; ");
  if (field.kind === "checkbox") return v ? "yes" : "no";
  if (typeof v === "object" && "label" in v) return String((v as { label: unknown }).label ?? "");
  return String(v);
}

/** What an export link carries of a view: its filter, sorts, search and columns. */
export const exportedView = z.object({
  filter: viewFilter.nullish(),
  sorts: z.array(viewSort).max(5).nullish(),
  search: z.string().trim().max(200).nullish(),
  columns: z.array(z.string().max(80)).min(1).max(60),
});

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
      // An export is a security event: recorded once, at its first page.
      if (!input.after) await audit(ctx.ws.db, { workspaceId: ctx.ws.workspaceId, action: "export.csv", objectType: input.object, after: { search: input.search ?? null } });
      const fields = await listCustomFields(ctx.ws, input.object);
      const columns = exportColumns[input.object];
      const rows = await exportPage(ctx.ws, input);
      return {
        header: [...columns.map(([, h]) => h), ...fields.map((f) => f.label)],
        rows: rows.map((r) => [...columns.map(([k]) => cell(r[k])), ...fields.map((f) => customCell(f, r.custom[f.id]))]),
        next: rows.length === input.size ? rows.at(-1)!.id : null,
      };
    }),
  /** A page of a view's export: its rows, in its order, with its columns. */
  view: workspaceProcedure
    .input(
      z.object({
        object: z.enum(recordObjects),
        view: exportedView,
        cursor: z.string().max(2000).nullish(),
        size: z.number().int().min(1).max(5000).default(1000),
      }),
    )
    .output(z.object({ header: z.array(z.string()), rows: z.array(z.array(z.string())), next: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      if (!input.cursor) await audit(ctx.ws.db, { workspaceId: ctx.ws.workspaceId, action: "export.csv", objectType: input.object, after: { view: input.view } });
      const fields = new Map((await listViewFields(ctx.ws, input.object)).map((f) => [f.key, f]));
      const columns = input.view.columns.map((key) => {
        const field = fields.get(key);
        if (!field) throw new AppError("INVALID", "view.unknown_field", `There is no field “${key}” to export.`);
        return field;
      });
      const page = await queryRecords(ctx.ws, {
        object: input.object,
        filter: input.view.filter,
        sorts: input.view.sorts,
        search: input.view.search,
        cursor: input.cursor,
        limit: input.size,
      });
      return {
        header: columns.map((f) => f.label),
        rows: page.rows.map((r) => columns.map((f) => viewCell(f, r.values[f.key]))),
        next: page.nextCursor,
      };
    }),
});
