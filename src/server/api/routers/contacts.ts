import { z } from "zod";
import { createContact, deleteContact, getContact, listContacts, updateContact } from "@/server/domain/contacts/contacts";
import { createContactInput, idInput, lifecycleStages, listInput, updateContactInput } from "@/shared/schemas";

const labelled = z.object({ value: z.string(), label: z.string() });
import { permitted, router, rest } from "../trpc";
import { contactLinksOut, customValuesOut, recordMeta, relatedDeal } from "./shapes";

const contact = z.object({
  id: z.uuid(),
  firstName: z.string(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  companyId: z.uuid().nullable(),
  custom: customValuesOut,
});

export const contactsRouter = router({
  list: permitted("contact.read")
    .meta(rest("GET", "/contacts", "List contacts", "contacts"))
    .input(listInput)
    .output(z.array(contact.extend({ companyName: z.string().nullable() })))
    .query(({ ctx, input }) => listContacts(ctx.ws, input)),
  get: permitted("contact.read")
    .meta(rest("GET", "/contacts/{id}", "Get a contact with their deals", "contacts"))
    .input(idInput)
    .output(
      contact.extend({
        ...recordMeta,
        phone: z.string().nullable(),
        emails: z.array(labelled),
        phones: z.array(labelled),
        lifecycleStage: z.enum(lifecycleStages).nullable(),
        links: contactLinksOut.nullable(),
        companyName: z.string().nullable(),
        deals: z.array(relatedDeal),
      }),
    )
    .query(({ ctx, input }) => getContact(ctx.ws, input.id)),
  create: permitted("contact.create")
    .meta(rest("POST", "/contacts", "Create a contact", "contacts"))
    .input(createContactInput)
    .output(contact.loose())
    .mutation(({ ctx, input }) => createContact(ctx.ws, input)),
  update: permitted("contact.update")
    .meta(rest("PATCH", "/contacts/{id}", "Update a contact", "contacts"))
    .input(updateContactInput)
    .output(contact.loose())
    .mutation(({ ctx, input }) => updateContact(ctx.ws, input)),
  delete: permitted("contact.delete")
    .meta(rest("DELETE", "/contacts/{id}", "Delete a contact", "contacts"))
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => deleteContact(ctx.ws, input.id)),
});
