import { z } from "zod";
import { createImport, getImport, importErrors, importTargets, listImports, previewImport, startImport, undoImport } from "@/server/domain/imports/imports";
import { importMapping, importOptions } from "@/shared/imports";
import { recordObjects } from "@/shared/permissions";
import { id, idInput } from "@/shared/schemas";
import { assertAllowed, rest, router, workspaceProcedure, type Context } from "../trpc";
import type { WorkspaceCtx } from "@/server/domain/context";

const object = z.enum(recordObjects);
const importOut = z
  .object({
    id: z.uuid(),
    object,
    fileName: z.string(),
    headers: z.array(z.string()),
    delimiter: z.string(),
    totalRows: z.number().int(),
    mapping: z.record(z.string(), z.string()),
    status: z.enum(["uploaded", "queued", "running", "done", "failed", "undone"]),
    processedRows: z.number().int(),
    created: z.number().int(),
    updated: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.date(),
    finishedAt: z.date().nullable(),
    sample: z.array(z.array(z.string())),
  })
  .loose();
const plan = z.object({ id, mapping: importMapping, options: importOptions });

/** Importing creates (and may update) records of the type: it needs both rights. */
async function importer(ctx: { ws: WorkspaceCtx; apiKey: Context["apiKey"] }, importId: string) {
  const imp = await getImport(ctx.ws, importId);
  assertAllowed(ctx, `${imp.object}.create`);
  assertAllowed(ctx, `${imp.object}.update`);
  return imp;
}

export const importsRouter = router({
  fields: workspaceProcedure
    .meta(rest("GET", "/imports/fields/{object}", "The fields a CSV column can be mapped to", "imports"))
    .input(z.object({ object }))
    .output(z.array(z.object({ key: z.string(), label: z.string(), required: z.boolean() })))
    .query(async ({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.create`);
      return (await importTargets(ctx.ws, input.object)).map(({ key, label, required }) => ({ key, label, required }));
    }),
  create: workspaceProcedure
    .meta(rest("POST", "/imports", "Upload a CSV file: its columns are read and matched to fields", "imports"))
    .input(z.object({ object, fileName: z.string().trim().min(1).max(200), content: z.string().max(21 * 1024 * 1024) }))
    .output(importOut)
    .mutation(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.create`);
      assertAllowed(ctx, `${input.object}.update`);
      return createImport(ctx.ws, input);
    }),
  get: workspaceProcedure
    .meta(rest("GET", "/imports/{id}", "An import and its progress", "imports"))
    .input(idInput)
    .output(importOut)
    .query(({ ctx, input }) => importer(ctx, input.id)),
  list: workspaceProcedure
    .meta(rest("GET", "/imports", "Recent imports of a record type", "imports"))
    .input(z.object({ object }))
    .output(z.array(importOut.omit({ sample: true })))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.create`);
      return listImports(ctx.ws, input.object);
    }),
  preview: workspaceProcedure
    .meta(rest("POST", "/imports/{id}/preview", "Check every row against a mapping: counts and per-row errors", "imports"))
    .input(plan)
    .output(
      z.object({
        totalRows: z.number().int(),
        toCreate: z.number().int(),
        toUpdate: z.number().int(),
        toSkip: z.number().int(),
        invalid: z.number().int(),
        duplicates: z.number().int(),
        dateOrder: z.enum(["dmy", "mdy"]),
        errors: z.array(z.object({ row: z.number().int(), messages: z.array(z.string()) })),
      }),
    )
    .query(async ({ ctx, input }) => {
      await importer(ctx, input.id);
      return previewImport(ctx.ws, input);
    }),
  start: workspaceProcedure
    .meta(rest("POST", "/imports/{id}/start", "Run the import in the background", "imports"))
    .input(plan)
    .output(importOut.omit({ sample: true }))
    .mutation(async ({ ctx, input }) => {
      const imp = await importer(ctx, input.id);
      // A "Company" column of people or deals creates the companies it names.
      if (imp.object !== "company" && Object.values(input.mapping).includes("company")) assertAllowed(ctx, "company.create");
      return startImport(ctx.ws, input);
    }),
  errors: workspaceProcedure
    .input(idInput)
    .output(z.object({ fileName: z.string(), header: z.array(z.string()), rows: z.array(z.array(z.string())) }))
    .query(async ({ ctx, input }) => {
      await importer(ctx, input.id);
      return importErrors(ctx.ws, input.id);
    }),
  undo: workspaceProcedure
    .meta(rest("POST", "/imports/{id}/undo", "Undo an import: created records to the trash, updated ones back as they were", "imports"))
    .input(idInput)
    .output(z.object({ removed: z.number().int(), restored: z.number().int(), companiesRemoved: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const imp = await importer(ctx, input.id);
      assertAllowed(ctx, `${imp.object}.delete`);
      return undoImport(ctx.ws, input.id);
    }),
});
