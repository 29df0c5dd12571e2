import { forgetSensitive, revealSensitive } from "../sensitive/sensitive";
import type { Keyring } from "@/server/security/keyring";
import { and, eq, or, sql } from "drizzle-orm";
import * as Y from "yjs";
import { recordTables } from "@/server/db/record-tables";
import { activities, auditLog, comments, contactConsents, contacts, dealContacts, deals, leads, tasks } from "@/server/db/schema";
import { formatDocName, NOTE_FIELD } from "@/shared/doc-names";
import { notFound } from "@/shared/errors";
import { fragmentLines } from "@/shared/record-doc";
import type { WorkspaceCtx } from "../context";
import { audit } from "../audit/audit";
import { forgetDocument, storedState } from "../record-docs/history";
import { recordActivity } from "../activities/activities";

export type PersonType = "contact" | "lead";
async function personRow(ctx: WorkspaceCtx, type: PersonType, id: string) {
  const table = recordTables[type];
  const [row] = await ctx.db.select().from(table).where(and(eq(table.workspaceId, ctx.workspaceId), eq(table.id, id))).limit(1);
  if (!row) throw notFound(type);
  return row;
}

/** The note of a record's live document, as text (every update of its log). */
async function noteText(ctx: WorkspaceCtx, name: string): Promise<string> {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, await storedState(ctx, name));
  const text = fragmentLines(doc.getXmlFragment(NOTE_FIELD)).join("\n").trim();
  doc.destroy();
  return text;
}

/**
 * Everything the workspace holds about a person (GDPR Art. 15, 20): their record, its note, the
 * deals they are on, the timeline, comments, tasks about them, and the audit trail of their
 * record — as one JSON document. The export itself is audited.
 */
export async function exportPerson(ctx: WorkspaceCtx, type: PersonType, id: string, keyring: Keyring) {
  const person = await personRow(ctx, type, id);
  const onDeals =
    type === "contact"
      ? await ctx.db
          .select({ id: deals.id, title: deals.title, amount: deals.amount, currency: deals.currency, role: dealContacts.role })
          .from(deals)
          .leftJoin(dealContacts, and(eq(dealContacts.workspaceId, deals.workspaceId), eq(dealContacts.dealId, deals.id), eq(dealContacts.contactId, id)))
          .where(and(eq(deals.workspaceId, ctx.workspaceId), or(eq(deals.contactId, id), eq(dealContacts.contactId, id))))
      : [];
  const about = (t: typeof activities | typeof comments | typeof tasks) => and(eq(t.workspaceId, ctx.workspaceId), eq(t.recordType, type), eq(t.recordId, id));
  const result = {
    exportedAt: new Date().toISOString(),
    kind: type,
    person,
    note: await noteText(ctx, formatDocName({ kind: type, id })),
    // Their sensitive fields too (the reveal is audited like any other).
    sensitive: (await revealSensitive(ctx, keyring, type, id)).filter((f) => f.value !== null).map((f) => ({ field: f.label, value: f.value })),
    deals: onDeals,
    timeline: await ctx.db.select().from(activities).where(about(activities)),
    comments: await ctx.db.select().from(comments).where(about(comments)),
    tasks: await ctx.db.select().from(tasks).where(about(tasks)),
    consents: type === "contact" ? await ctx.db.select().from(contactConsents).where(and(eq(contactConsents.workspaceId, ctx.workspaceId), eq(contactConsents.contactId, id))) : [],
    auditTrail: await ctx.db
      .select({ at: auditLog.at, action: auditLog.action, actorId: auditLog.actorId, before: auditLog.before, after: auditLog.after })
      .from(auditLog)
      .where(and(eq(auditLog.workspaceId, ctx.workspaceId), eq(auditLog.objectId, id))),
  };
  await audit(ctx.db, { workspaceId: ctx.workspaceId, action: "privacy.exported", objectType: type, objectId: id });
  return result;
}

/**
 * Erases a person (GDPR Art. 17): their record keeps its place (deals and tasks still point at
 * it) but every personal value is removed; the note's history, the timeline and the comments on
 * the record go; search forgets them (its columns follow the row). The audit log records that the
 * erasure happened and which fields it cleared — never the values.
 */
export async function erasePerson(ctx: WorkspaceCtx, type: PersonType, id: string) {
  await personRow(ctx, type, id);
  await ctx.db.execute(sql`select set_config('app.erasure', 'on', true)`);
  const common = { lastName: null, email: null, phone: null, title: null, custom: {}, tags: [] as string[], updatedBy: ctx.userId, updatedAt: sql`now()`, erasedAt: sql`now()` };
  if (type === "contact") {
    await ctx.db
      .update(contacts)
      .set({ ...common, firstName: "Erased person", emails: [], phones: [], links: null })
      .where(and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, id)));
  } else {
    await ctx.db
      .update(leads)
      .set({ ...common, firstName: "Erased person", companyName: null, qualification: null })
      .where(and(eq(leads.workspaceId, ctx.workspaceId), eq(leads.id, id)));
  }
  await forgetDocument(ctx, formatDocName({ kind: type, id }));
  await forgetSensitive(ctx.db, ctx.workspaceId, type, id);
  await ctx.db.delete(activities).where(and(eq(activities.workspaceId, ctx.workspaceId), eq(activities.recordType, type), eq(activities.recordId, id)));
  await ctx.db.delete(comments).where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.recordType, type), eq(comments.recordId, id)));
  await ctx.db.execute(sql`select set_config('app.erasure', '', true)`);
  await recordActivity(ctx, { recordType: type, recordId: id, kind: "erased", data: {} });
  await audit(ctx.db, { workspaceId: ctx.workspaceId, action: "privacy.erased", objectType: type, objectId: id });
  return { id, erased: true };
}
