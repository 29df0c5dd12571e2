import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { contactConsents, users } from "@/server/db/schema";
import { AppError } from "@/shared/errors";
import type { WorkspaceCtx } from "../context";
import { assertInWorkspace } from "../references";

/** A contact's consents, newest first, withdrawn ones included (they are the history). */
export async function listConsents(ctx: WorkspaceCtx, contactId: string) {
  await assertInWorkspace(ctx, "contact", contactId);
  return ctx.db
    .select({
      id: contactConsents.id,
      purpose: contactConsents.purpose,
      source: contactConsents.source,
      grantedAt: contactConsents.grantedAt,
      withdrawnAt: contactConsents.withdrawnAt,
      recordedByName: users.name,
    })
    .from(contactConsents)
    .leftJoin(users, eq(users.id, contactConsents.recordedBy))
    .where(and(eq(contactConsents.workspaceId, ctx.workspaceId), eq(contactConsents.contactId, contactId)))
    .orderBy(desc(contactConsents.grantedAt));
}

/** Records a consent; one still in force for the same purpose is not recorded twice. */
export async function recordConsent(ctx: WorkspaceCtx, input: { contactId: string; purpose: string; source: string; grantedAt?: Date }) {
  await assertInWorkspace(ctx, "contact", input.contactId);
  const [open] = await ctx.db
    .select({ id: contactConsents.id })
    .from(contactConsents)
    .where(
      and(
        eq(contactConsents.workspaceId, ctx.workspaceId),
        eq(contactConsents.contactId, input.contactId),
        sql`lower(${contactConsents.purpose}) = lower(${input.purpose})`,
        isNull(contactConsents.withdrawnAt),
      ),
    )
    .limit(1);
  if (open) throw new AppError("CONFLICT", "consent.already_given", "This contact's consent for that purpose is already recorded.");
  const [row] = await ctx.db
    .insert(contactConsents)
    .values({ workspaceId: ctx.workspaceId, contactId: input.contactId, purpose: input.purpose, source: input.source, grantedAt: input.grantedAt ?? new Date(), recordedBy: ctx.userId })
    .returning({ id: contactConsents.id });
  return row!;
}

/** Withdrawn from now on; the record of it stays. */
export async function withdrawConsent(ctx: WorkspaceCtx, id: string) {
  const [row] = await ctx.db
    .update(contactConsents)
    .set({ withdrawnAt: sql`now()` })
    .where(and(eq(contactConsents.workspaceId, ctx.workspaceId), eq(contactConsents.id, id), isNull(contactConsents.withdrawnAt)))
    .returning({ id: contactConsents.id });
  if (!row) throw new AppError("NOT_FOUND", "consent.not_found", "That consent does not exist or was already withdrawn.");
  return row;
}
