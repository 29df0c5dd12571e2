import { and, asc, eq, isNull } from "drizzle-orm";
import { contacts, dealContacts } from "@/server/db/schema";
import type { dealContactRoles } from "@/shared/schemas";
import { notFound } from "@/shared/errors";
import type { WorkspaceCtx } from "../context";
import { recordActivity } from "../activities/activities";
import { assertInWorkspace } from "../references";

type Role = (typeof dealContactRoles)[number];

export async function listDealContacts(ctx: WorkspaceCtx, dealId: string) {
  await assertInWorkspace(ctx, "deal", dealId);
  return ctx.db
    .select({ contactId: contacts.id, firstName: contacts.firstName, lastName: contacts.lastName, email: contacts.email, role: dealContacts.role })
    .from(dealContacts)
    .innerJoin(contacts, and(eq(contacts.workspaceId, dealContacts.workspaceId), eq(contacts.id, dealContacts.contactId), isNull(contacts.deletedAt)))
    .where(and(eq(dealContacts.workspaceId, ctx.workspaceId), eq(dealContacts.dealId, dealId)))
    .orderBy(asc(dealContacts.createdAt));
}

/** Adds a person to a deal, or changes their role if they are on it already. */
export async function setDealContact(ctx: WorkspaceCtx, input: { dealId: string; contactId: string; role: Role }) {
  await assertInWorkspace(ctx, "deal", input.dealId);
  await assertInWorkspace(ctx, "contact", input.contactId);
  await ctx.db
    .insert(dealContacts)
    .values({ workspaceId: ctx.workspaceId, ...input })
    .onConflictDoUpdate({ target: [dealContacts.workspaceId, dealContacts.dealId, dealContacts.contactId], set: { role: input.role } });
  await recordActivity(ctx, { recordType: "deal", recordId: input.dealId, kind: "contact_added", data: { contactId: input.contactId, role: input.role } });
  return listDealContacts(ctx, input.dealId);
}

export async function removeDealContact(ctx: WorkspaceCtx, input: { dealId: string; contactId: string }) {
  const [gone] = await ctx.db
    .delete(dealContacts)
    .where(and(eq(dealContacts.workspaceId, ctx.workspaceId), eq(dealContacts.dealId, input.dealId), eq(dealContacts.contactId, input.contactId)))
    .returning({ contactId: dealContacts.contactId });
  if (!gone) throw notFound("deal contact");
  return listDealContacts(ctx, input.dealId);
}
