import { recordVisibility, setRecordVisibility } from "@/server/domain/workspaces/private-records";
import { z } from "zod";
import { countRecords, groupRecords, listViewFields, queryRecords } from "@/server/domain/views/record-query";
import { createSavedView, deleteSavedView, listSavedViews, updateSavedView } from "@/server/domain/views/saved-views";
import { recordObjects } from "@/shared/permissions";
import { id, idInput } from "@/shared/schemas";
import { fieldKinds, recordQueryInput, viewConfig } from "@/shared/views";
import { AppError } from "@/shared/errors";
import { assertAllowed, rest, router, workspaceProcedure } from "../trpc";

const object = z.object({ object: z.enum(recordObjects) });
const choice = z.object({ id: z.string(), label: z.string() });
const fieldDef = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(fieldKinds),
  choices: z.array(choice).optional(),
  relatesTo: z.enum(recordObjects).optional(),
  sortable: z.boolean(),
  groupable: z.boolean(),
  editable: z.boolean(),
  custom: z.boolean().optional(),
});
const savedView = z.object({
  id: z.uuid(),
  object: z.enum(recordObjects),
  name: z.string(),
  ownerId: z.uuid().nullable(),
  shared: z.boolean(),
  config: viewConfig,
  updatedAt: z.date(),
});
const viewName = z.string().trim().min(1, { message: "Give the view a name." }).max(80, { message: "Keep the name under 80 characters." });
const countInput = recordQueryInput.pick({ object: true, filter: true, search: true });

/** Saved views are people's working setups: managed by signed-in people, not API keys. */
function personOnly(ctx: { apiKey: unknown }) {
  if (ctx.apiKey) throw new AppError("FORBIDDEN", "apikey.not_allowed", "This needs a signed-in person; API keys cannot do it.");
}

const visibilityOutput = z.object({
  visibility: z.enum(["workspace", "team", "private"]),
  ownerName: z.string().nullable(),
  teamId: z.uuid().nullable(),
  teamName: z.string().nullable(),
  privateRecordsAllowed: z.boolean(),
  canChange: z.boolean(),
});

export const recordsRouter = router({
  /** Who sees a record: the whole workspace, or (where allowed) its owner and the admins only. */
  visibility: workspaceProcedure
    .meta(rest("GET", "/records/{object}/{id}/visibility", "Who can see a record (the workspace, or its owner only)", "records"))
    .input(object.extend({ id: z.uuid() }))
    .output(visibilityOutput)
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return recordVisibility(ctx.ws, input.object, input.id);
    }),
  setVisibility: workspaceProcedure
    .meta(rest("PUT", "/records/{object}/{id}/visibility", "Make a record private to its owner or a team, or the workspace's again", "records"))
    .input(object.extend({ id: z.uuid(), visibility: z.enum(["workspace", "team", "private"]), teamId: z.uuid().nullish() }))
    .output(visibilityOutput)
    .mutation(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.update`);
      return setRecordVisibility(ctx.ws, input.object, input.id, input.visibility, input.teamId);
    }),

  fields: workspaceProcedure
    .meta(rest("GET", "/records/{object}/fields", "The fields of a record type: built-in and custom, with their kinds and choices", "records"))
    .input(object)
    .output(z.array(fieldDef))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return listViewFields(ctx.ws, input.object);
    }),
  query: workspaceProcedure
    .meta(rest("POST", "/records/{object}/query", "A page of records: filter with AND/OR groups, sort by several fields, page with cursors", "records"))
    .input(recordQueryInput)
    .output(z.object({ rows: z.array(z.object({ id: z.uuid(), values: z.record(z.string(), z.unknown()) })), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return queryRecords(ctx.ws, input);
    }),
  count: workspaceProcedure
    .meta(rest("POST", "/records/{object}/count", "How many records match a filter", "records"))
    .input(countInput)
    .output(z.object({ count: z.number().int() }))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return countRecords(ctx.ws, input);
    }),
  groups: workspaceProcedure
    .meta(rest("POST", "/records/{object}/groups", "The groups of records by a field's value, with their counts", "records"))
    .input(countInput.extend({ groupBy: z.string().max(80) }))
    .output(z.array(z.object({ value: z.string().nullable(), label: z.string().nullable(), count: z.number().int() })))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return groupRecords(ctx.ws, input);
    }),
});

export const viewsRouter = router({
  list: workspaceProcedure
    .meta(rest("GET", "/views", "Saved views of a record type: yours and those shared with the workspace", "views"))
    .input(object)
    .output(z.array(savedView))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.object}.read`);
      return listSavedViews(ctx.ws, input.object);
    }),
  create: workspaceProcedure
    .meta(rest("POST", "/views", "Save a view", "views"))
    .input(object.extend({ name: viewName, shared: z.boolean().default(false), config: viewConfig }))
    .output(savedView)
    .mutation(({ ctx, input }) => {
      personOnly(ctx);
      assertAllowed(ctx, `${input.object}.read`);
      return createSavedView(ctx.ws, input);
    }),
  update: workspaceProcedure
    .meta(rest("PATCH", "/views/{id}", "Rename, share or change a saved view", "views"))
    .input(z.object({ id, name: viewName.optional(), shared: z.boolean().optional(), config: viewConfig.optional() }))
    .output(savedView)
    .mutation(({ ctx, input }) => {
      personOnly(ctx);
      return updateSavedView(ctx.ws, input);
    }),
  delete: workspaceProcedure
    .meta(rest("DELETE", "/views/{id}", "Delete a saved view", "views"))
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => {
      personOnly(ctx);
      return deleteSavedView(ctx.ws, input.id);
    }),
});
