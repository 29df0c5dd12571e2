import { z } from "zod";
import { erasePerson, exportPerson } from "@/server/domain/privacy/privacy";
import { listConsents, recordConsent, withdrawConsent } from "@/server/domain/privacy/consents";
import { applyRetention, listRetentionRules, previewRetention, removeRetentionRule, setRetentionRule } from "@/server/domain/privacy/retention";
import { retentionKinds } from "@/server/db/schema";
import { keyringOf, permitted, rest, router } from "../trpc";

const consent = z.object({
  id: z.uuid(),
  purpose: z.string(),
  source: z.string(),
  grantedAt: z.date(),
  withdrawnAt: z.date().nullable(),
  recordedByName: z.string().nullable(),
});
const text = (what: string, max: number) => z.string().trim().min(1, { message: `Say the ${what}.` }).max(max, { message: `Keep the ${what} under ${max} characters.` });

const retentionRule = z.object({
  id: z.uuid(),
  kind: z.enum(retentionKinds),
  days: z.number().int(),
  enabled: z.boolean(),
  lastRunAt: z.date().nullable(),
  lastCount: z.number().int().nullable(),
});
const retentionInput = z.object({
  kind: z.enum(retentionKinds),
  days: z.number({ message: "Say after how many days." }).int({ message: "Use whole days." }).min(1, { message: "At least 1 day." }).max(3650, { message: "At most 10 years (3,650 days)." }),
  enabled: z.boolean().default(true),
});

const person = z.object({ type: z.enum(["contact", "lead"]), id: z.uuid() });

/** GDPR tools for owners and admins: a person's data, exported whole or erased. */
export const privacyRouter = router({
  exportPerson: permitted("privacy.manage")
    .meta(rest("GET", "/privacy/{type}/{id}/export", "Everything held about a person (contact or lead), as JSON", "privacy"))
    .input(person)
    .output(z.record(z.string(), z.unknown()))
    .query(({ ctx, input }) => exportPerson(ctx.ws, input.type, input.id, keyringOf(ctx))),

  /** A contact's consents (purpose, source, when given, when withdrawn). */
  consents: permitted("contact.read")
    .meta(rest("GET", "/contacts/{contactId}/consents", "A contact's consents, withdrawn ones included", "privacy"))
    .input(z.object({ contactId: z.uuid() }))
    .output(z.array(consent))
    .query(({ ctx, input }) => listConsents(ctx.ws, input.contactId)),

  recordConsent: permitted("contact.update")
    .meta(rest("POST", "/contacts/{contactId}/consents", "Record a contact's consent for a purpose", "privacy"))
    .input(z.object({ contactId: z.uuid(), purpose: text("purpose", 120), source: text("source", 200), grantedAt: z.coerce.date().optional() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => recordConsent(ctx.ws, input)),

  withdrawConsent: permitted("contact.update")
    .meta(rest("POST", "/consents/{id}/withdraw", "Record that a consent was withdrawn", "privacy"))
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => withdrawConsent(ctx.ws, input.id)),

  erasePerson: permitted("privacy.manage")
    .meta(rest("POST", "/privacy/{type}/{id}/erase", "Erase a person's data (the record stays, emptied of it)", "privacy"))
    .input(person)
    .output(z.object({ id: z.uuid(), erased: z.boolean() }))
    .mutation(({ ctx, input }) => erasePerson(ctx.ws, input.type, input.id)),

  /** Retention rules (storage limitation): what the worker erases or deletes every night. */
  retentionRules: permitted("privacy.manage")
    .meta(rest("GET", "/privacy/retention", "The workspace's retention rules, with their last run", "privacy"))
    .output(z.array(retentionRule))
    .query(({ ctx }) => listRetentionRules(ctx.ws)),

  previewRetention: permitted("privacy.manage")
    .input(retentionInput.pick({ kind: true, days: true }))
    .output(z.object({ count: z.number().int() }))
    .query(({ ctx, input }) => previewRetention(ctx.ws, input)),

  setRetentionRule: permitted("privacy.manage")
    .meta(rest("PUT", "/privacy/retention", "Set the retention rule of a kind (days, on or off)", "privacy"))
    .input(retentionInput)
    .output(retentionRule)
    .mutation(({ ctx, input }) => setRetentionRule(ctx.ws, input)),

  removeRetentionRule: permitted("privacy.manage")
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => removeRetentionRule(ctx.ws, input.id)),

  /** Runs one rule now instead of waiting for the night (the same batch size). */
  applyRetentionRule: permitted("privacy.manage")
    .input(z.object({ id: z.uuid() }))
    .output(z.array(z.object({ kind: z.enum(retentionKinds), count: z.number().int() })))
    .mutation(({ ctx, input }) => applyRetention(ctx.ws, { onlyRuleId: input.id })),
});
