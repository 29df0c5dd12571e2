import { z } from "zod";
import { erasePerson, exportPerson } from "@/server/domain/privacy/privacy";
import { permitted, rest, router } from "../trpc";

const person = z.object({ type: z.enum(["contact", "lead"]), id: z.uuid() });

/** GDPR tools for owners and admins: a person's data, exported whole or erased. */
export const privacyRouter = router({
  exportPerson: permitted("privacy.manage")
    .meta(rest("GET", "/privacy/{type}/{id}/export", "Everything held about a person (contact or lead), as JSON", "privacy"))
    .input(person)
    .output(z.record(z.string(), z.unknown()))
    .query(({ ctx, input }) => exportPerson(ctx.ws, input.type, input.id)),

  erasePerson: permitted("privacy.manage")
    .meta(rest("POST", "/privacy/{type}/{id}/erase", "Erase a person's data (the record stays, emptied of it)", "privacy"))
    .input(person)
    .output(z.object({ id: z.uuid(), erased: z.boolean() }))
    .mutation(({ ctx, input }) => erasePerson(ctx.ws, input.type, input.id)),
});
