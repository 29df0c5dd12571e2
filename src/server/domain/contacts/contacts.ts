import { randomUUID } from "node:crypto";
import { and, asc, eq, ilike, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { inOrder } from "@/server/db/in-order";
import { companies, contacts, deals } from "@/server/db/schema";
import { notFound } from "@/shared/errors";
import type { createContactInput, listInput, updateContactInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { recordActivities, recordActivity } from "../activities/activities";
import { recordFieldChanges } from "../activities/field-changes";
import { assertAllInWorkspace, assertInWorkspace, escapeLike } from "../references";
import { listCustomFields, mergeCustom, prepareCustomValues } from "../custom-fields/custom-fields";

/** A live (not trashed) contact of the caller's workspace. */
const scope = (ctx: WorkspaceCtx, id: string) =>
  and(eq(contacts.workspaceId, ctx.workspaceId), eq(contacts.id, id), isNull(contacts.deletedAt));

/** Their company, when it is not in the trash. */
const liveCompany = and(eq(companies.workspaceId, contacts.workspaceId), eq(companies.id, contacts.companyId), isNull(companies.deletedAt));

export async function listContacts(ctx: WorkspaceCtx, input: z.infer<typeof listInput>) {
  // On the generated search text, so that the trigram index answers "contains".
  const term = input.search ? `%${escapeLike(input.search.toLowerCase())}%` : undefined;
  return ctx.db
    .select({
      id: contacts.id,
      firstName: contacts.firstName,
      lastName: contacts.lastName,
      email: contacts.email,
      title: contacts.title,
      companyId: contacts.companyId,
      companyName: companies.name,
      custom: contacts.custom,
    })
    .from(contacts)
    .leftJoin(companies, liveCompany)
    .where(
      and(
        eq(contacts.workspaceId, ctx.workspaceId),
        isNull(contacts.deletedAt),
        term ? ilike(contacts.searchText, term) : undefined,
      ),
    )
    .orderBy(asc(contacts.firstName), asc(contacts.lastName), asc(contacts.id))
    .limit(input.limit);
}

export async function getContact(ctx: WorkspaceCtx, id: string) {
  // Both reads go out together (one round trip on the request's connection).
  const [[row], contactDeals] = await Promise.all([
    ctx.db.select({ contact: contacts, companyName: companies.name }).from(contacts).leftJoin(companies, liveCompany).where(scope(ctx, id)).limit(1),
    ctx.db
      .select({ id: deals.id, title: deals.title, amount: deals.amount, currency: deals.currency })
      .from(deals)
      .where(and(eq(deals.workspaceId, ctx.workspaceId), eq(deals.contactId, id), isNull(deals.deletedAt)))
      .orderBy(asc(deals.title)),
  ]);
  if (!row) throw notFound("contact");
  return { ...row.contact, companyName: row.companyName, deals: contactDeals };
}

/** The lists hold every address and number; the first of each is the primary one. */
function lists(input: { email?: string | null; phone?: string | null; emails?: Labelled[]; phones?: Labelled[] }) {
  const emails = input.emails ?? (input.email ? [{ value: input.email, label: "work" }] : []);
  const phones = input.phones ?? (input.phone ? [{ value: input.phone, label: "work" }] : []);
  return { emails, phones, email: emails[0]?.value ?? null, phone: phones[0]?.value ?? null };
}
type Labelled = { value: string; label: string };

/**
 * On update: a new list replaces the list (and the primary); a new primary alone replaces the
 * first entry and keeps the others.
 */
function listUpdates(patch: { email?: string | null; phone?: string | null; emails?: Labelled[]; phones?: Labelled[] }) {
  const out: Record<string, unknown> = {};
  const one = (key: "email" | "phone", listKey: "emails" | "phones", column: typeof contacts.emails | typeof contacts.phones) => {
    const list = patch[listKey];
    const primary = patch[key];
    if (list !== undefined) {
      out[listKey] = list;
      out[key] = list[0]?.value ?? null;
    } else if (primary !== undefined) {
      out[key] = primary;
      out[listKey] =
        primary === null
          ? sql`${column} - 0`
          : sql`jsonb_build_array(jsonb_build_object('value', ${primary}::text, 'label', coalesce(${column}->0->>'label', 'work'))) || (${column} - 0)`;
    }
  };
  one("email", "emails", contacts.emails);
  one("phone", "phones", contacts.phones);
  return out;
}

export async function createContact(ctx: WorkspaceCtx, input: z.infer<typeof createContactInput>) {
  const [contact] = await createContacts(ctx, [input]);
  return contact!;
}

/**
 * Contacts made together (an import's batch): the same checks, rows and timeline entries as one at
 * a time, in one statement each. All or none: the first refusal throws.
 */
export async function createContacts(ctx: WorkspaceCtx, inputs: z.infer<typeof createContactInput>[]) {
  if (inputs.length === 0) return [];
  await assertAllInWorkspace(ctx, "company", inputs.flatMap((i) => (i.companyId ? [i.companyId] : [])));
  const fields = await listCustomFields(ctx, "contact");
  const rows = [];
  for (const { custom, email, phone, emails, phones, ...input } of inputs) {
    const values = await prepareCustomValues(ctx, "contact", custom ?? {}, "create", fields);
    rows.push({
      ...input,
      ...lists({ email, phone, emails, phones }),
      custom: values.set,
      // The id is given so that each row is known again among those the insert returns.
      id: randomUUID(),
      workspaceId: ctx.workspaceId,
      ownerId: ctx.userId,
      createdBy: ctx.userId,
      updatedBy: ctx.userId,
    });
  }
  const created = inOrder(rows, await ctx.db.insert(contacts).values(rows).returning());
  await recordActivities(
    ctx,
    created.map((contact) => ({ recordType: "contact", recordId: contact.id, kind: "created", data: { name: [contact.firstName, contact.lastName].filter(Boolean).join(" ") } })),
  );
  return created;
}

export async function updateContact(
  ctx: WorkspaceCtx,
  { id, custom, email, phone, emails, phones, ...patch }: z.infer<typeof updateContactInput>,
) {
  const [before] = await ctx.db.select().from(contacts).where(scope(ctx, id)).for("update").limit(1);
  if (!before) throw notFound("contact");
  if (patch.companyId) await assertInWorkspace(ctx, "company", patch.companyId);
  const values = custom ? await prepareCustomValues(ctx, "contact", custom, "update") : null;
  const [contact] = await ctx.db
    .update(contacts)
    .set({
      ...patch,
      ...listUpdates({ email, phone, emails, phones }),
      ...(values ? { custom: mergeCustom(contacts.custom, values) } : {}),
      updatedBy: ctx.userId,
      updatedAt: sql`now()`,
    })
    .where(scope(ctx, id))
    .returning();
  if (!contact) throw notFound("contact");
  await recordFieldChanges(ctx, "contact", id, before, contact);
  return contact;
}

/** To the trash: deals keep their link to the person, hidden until they are restored. */
export async function deleteContact(ctx: WorkspaceCtx, id: string) {
  const [gone] = await ctx.db
    .update(contacts)
    .set({ deletedAt: sql`now()`, deletedBy: ctx.userId })
    .where(scope(ctx, id))
    .returning({ id: contacts.id });
  if (!gone) throw notFound("contact");
  await recordActivity(ctx, { recordType: "contact", recordId: id, kind: "deleted" });
  return gone;
}
