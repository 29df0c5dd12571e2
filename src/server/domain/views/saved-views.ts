import { and, asc, eq, max, or, sql } from "drizzle-orm";
import { savedViews } from "@/server/db/schema";
import { AppError, notFound } from "@/shared/errors";
import { can, type RecordObject } from "@/shared/permissions";
import type { ViewConfig } from "@/shared/views";
import type { WorkspaceCtx } from "../context";

export type SavedView = typeof savedViews.$inferSelect;

/** The views someone sees for a record type: their own, and those shared with the workspace. */
export async function listSavedViews(ctx: WorkspaceCtx, object: RecordObject) {
  return ctx.db
    .select()
    .from(savedViews)
    .where(
      and(
        eq(savedViews.workspaceId, ctx.workspaceId),
        eq(savedViews.object, object),
        or(eq(savedViews.shared, true), eq(savedViews.ownerId, ctx.userId)),
      ),
    )
    .orderBy(asc(savedViews.position), asc(savedViews.createdAt));
}

function assertMayShare(ctx: WorkspaceCtx) {
  if (!can(ctx.role, "view.share")) {
    throw new AppError("FORBIDDEN", "view.share_denied", "Your role does not allow sharing views with the workspace. Save it as a private view.");
  }
}

export async function createSavedView(ctx: WorkspaceCtx, input: { object: RecordObject; name: string; shared: boolean; config: ViewConfig }) {
  if (input.shared) assertMayShare(ctx);
  const [last] = await ctx.db
    .select({ position: max(savedViews.position) })
    .from(savedViews)
    .where(and(eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.object, input.object)));
  const [view] = await ctx.db
    .insert(savedViews)
    .values({ ...input, workspaceId: ctx.workspaceId, ownerId: ctx.userId, position: (last?.position ?? -1) + 1 })
    .returning();
  return view!;
}

/**
 * A private view is its owner's alone. A shared view is changed by whoever made it, or by a
 * workspace admin; others see it and may save a copy of their own.
 */
async function editable(ctx: WorkspaceCtx, id: string) {
  const [view] = await ctx.db
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.id, id)))
    .for("update")
    .limit(1);
  if (!view || (!view.shared && view.ownerId !== ctx.userId)) throw notFound("view");
  if (view.ownerId !== ctx.userId && !can(ctx.role, "workspace.update")) {
    throw new AppError("FORBIDDEN", "view.not_yours", "Only the person who made this shared view, or an admin, can change it. Save a copy instead.");
  }
  return view;
}

export async function updateSavedView(ctx: WorkspaceCtx, input: { id: string; name?: string; shared?: boolean; config?: ViewConfig }) {
  const view = await editable(ctx, input.id);
  if (input.shared && !view.shared) assertMayShare(ctx);
  const [updated] = await ctx.db
    .update(savedViews)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.shared !== undefined ? { shared: input.shared } : {}),
      ...(input.config !== undefined ? { config: input.config } : {}),
      updatedAt: sql`now()`,
    })
    .where(and(eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.id, input.id)))
    .returning();
  return updated!;
}

export async function deleteSavedView(ctx: WorkspaceCtx, id: string) {
  await editable(ctx, id);
  await ctx.db.delete(savedViews).where(and(eq(savedViews.workspaceId, ctx.workspaceId), eq(savedViews.id, id)));
  return { id };
}
