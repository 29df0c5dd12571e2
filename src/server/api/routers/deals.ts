import { z } from "zod";
import { createDeal, deleteDeal, getDeal, listDeals, listPipelines, updateDeal } from "@/server/domain/deals/deals";
import { createDealInput, dealContactRoles, dealListInput, id, idInput, moveDealInput, updateDealInput } from "@/shared/schemas";
import { listDealContacts, removeDealContact, setDealContact } from "@/server/domain/deals/deal-contacts";
import { createPipeline, deletePipeline, renamePipeline, saveStages } from "@/server/domain/deals/pipelines";
import { pipelineInput, stagesInput } from "@/shared/schemas";
import { permitted, router, rest } from "../trpc";
import { customValuesOut } from "./shapes";

const dealRow = z.object({
  id: z.uuid(),
  title: z.string(),
  amount: z.number().nullable(),
  currency: z.string(),
  stageId: z.uuid(),
  stageName: z.string(),
  stagePosition: z.number(),
  stageKind: z.enum(["open", "won", "lost"]),
  probability: z.number(),
  probabilityOverridden: z.boolean(),
  closeReason: z.string().nullable(),
  pipelineId: z.uuid(),
  companyId: z.uuid().nullable(),
  companyName: z.string().nullable(),
  contactId: z.uuid().nullable(),
  contactName: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  expectedCloseDate: z.string().nullable(),
  custom: customValuesOut,
  tags: z.array(z.string()),
  updatedAt: z.date(),
});
const dealWritten = z.object({ id: z.uuid(), title: z.string(), stageId: z.uuid() }).loose();

const dealPeople = z.array(
  z.object({ contactId: z.uuid(), firstName: z.string(), lastName: z.string().nullable(), email: z.string().nullable(), role: z.enum(dealContactRoles) }),
);

const pipelineOut = z.object({ id: z.uuid(), name: z.string() }).loose();

export const dealsRouter = router({
  createPipeline: permitted("workspace.update")
    .meta(rest("POST", "/pipelines", "Add a pipeline (with the usual stages unless given)", "deals"))
    .input(pipelineInput)
    .output(pipelineOut)
    .mutation(({ ctx, input }) => createPipeline(ctx.ws, input)),
  renamePipeline: permitted("workspace.update")
    .meta(rest("PATCH", "/pipelines/{id}", "Rename a pipeline", "deals"))
    .input(z.object({ id, name: pipelineInput.shape.name }))
    .output(pipelineOut)
    .mutation(({ ctx, input }) => renamePipeline(ctx.ws, input)),
  deletePipeline: permitted("workspace.update")
    .meta(rest("DELETE", "/pipelines/{id}", "Delete an empty pipeline", "deals"))
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => deletePipeline(ctx.ws, input.id)),
  saveStages: permitted("workspace.update")
    .meta(rest("PUT", "/pipelines/{pipelineId}/stages", "Set a pipeline's stages: rename, reorder, add, remove (moving their deals)", "deals"))
    .input(stagesInput)
    .output(z.object({ pipelineId: z.uuid(), stageIds: z.array(z.uuid()) }))
    .mutation(({ ctx, input }) => saveStages(ctx.ws, input)),
  people: permitted("deal.read")
    .meta(rest("GET", "/deals/{id}/contacts", "The people on a deal, with their roles", "deals"))
    .input(idInput)
    .output(dealPeople)
    .query(({ ctx, input }) => listDealContacts(ctx.ws, input.id)),
  setPerson: permitted("deal.update")
    .meta(rest("PUT", "/deals/{dealId}/contacts/{contactId}", "Put a contact on a deal with a role (or change their role)", "deals"))
    .input(z.object({ dealId: id, contactId: id, role: z.enum(dealContactRoles) }))
    .output(dealPeople)
    .mutation(({ ctx, input }) => setDealContact(ctx.ws, input)),
  removePerson: permitted("deal.update")
    .meta(rest("DELETE", "/deals/{dealId}/contacts/{contactId}", "Take a contact off a deal", "deals"))
    .input(z.object({ dealId: id, contactId: id }))
    .output(dealPeople)
    .mutation(({ ctx, input }) => removeDealContact(ctx.ws, input)),
  pipelines: permitted("deal.read")
    .meta(rest("GET", "/pipelines", "List pipelines and their stages", "deals"))
    .output(
      z.array(
        z.object({
          id: z.uuid(),
          name: z.string(),
          stages: z.array(
            z.object({ id: z.uuid(), name: z.string(), position: z.number(), probability: z.number(), kind: z.enum(["open", "won", "lost"]) }).loose(),
          ),
        }),
      ),
    )
    .query(({ ctx }) => listPipelines(ctx.ws)),
  list: permitted("deal.read")
    .meta(rest("GET", "/deals", "List deals", "deals"))
    .input(dealListInput)
    .output(z.array(dealRow))
    .query(({ ctx, input }) => listDeals(ctx.ws, input)),
  get: permitted("deal.read")
    .meta(rest("GET", "/deals/{id}", "Get a deal", "deals"))
    .input(idInput)
    .output(dealRow)
    .query(({ ctx, input }) => getDeal(ctx.ws, input.id)),
  create: permitted("deal.create")
    .meta(rest("POST", "/deals", "Create a deal", "deals"))
    .input(createDealInput)
    .output(dealWritten)
    .mutation(({ ctx, input }) => createDeal(ctx.ws, input)),
  update: permitted("deal.update")
    .meta(rest("PATCH", "/deals/{id}", "Update a deal", "deals"))
    .input(updateDealInput)
    .output(dealWritten)
    .mutation(({ ctx, input }) => updateDeal(ctx.ws, input)),
  /** Moving a deal to another stage: the same domain operation as any other update. */
  move: permitted("deal.update")
    .meta(rest("POST", "/deals/{id}/move", "Move a deal to another stage", "deals"))
    .input(moveDealInput)
    .output(dealWritten)
    .mutation(({ ctx, input }) => updateDeal(ctx.ws, input)),
  delete: permitted("deal.delete")
    .meta(rest("DELETE", "/deals/{id}", "Delete a deal", "deals"))
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => deleteDeal(ctx.ws, input.id)),
});
