import { and, count, desc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { notifications } from "@/server/db/schema";
import type { WorkspaceCtx } from "../context";

export interface NewNotification {
  workspaceId: string;
  userId: string;
  kind: string;
  title: string;
  recordType?: string;
  recordId?: string;
  dedupeKey: string;
}

/** Idempotent on dedupeKey: the same event never notifies twice. */
export async function notify(db: DbOrTx, n: NewNotification) {
  await db.insert(notifications).values(n).onConflictDoNothing();
}

export async function listMyNotifications(ctx: WorkspaceCtx, limit = 50) {
  const mine = and(eq(notifications.workspaceId, ctx.workspaceId), eq(notifications.userId, ctx.userId));
  const items = await ctx.db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      recordType: notifications.recordType,
      recordId: notifications.recordId,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
    })
    .from(notifications)
    .where(mine)
    .orderBy(desc(notifications.createdAt))
    .limit(limit);
  const [unread] = await ctx.db.select({ n: count() }).from(notifications).where(and(mine, isNull(notifications.readAt)));
  return { items, unread: unread?.n ?? 0 };
}

export async function markAllRead(ctx: WorkspaceCtx) {
  await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(
      and(eq(notifications.workspaceId, ctx.workspaceId), eq(notifications.userId, ctx.userId), isNull(notifications.readAt)),
    );
}
