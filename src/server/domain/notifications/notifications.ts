import { and, count, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { memberships, notifications, notificationSettings, workspaces } from "@/server/db/schema";
import { seesPrivateRecords } from "@/shared/permissions";
import { addJob } from "../jobs/add-job";
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

class Answer {
  constructor(readonly value: boolean) {}
}

/** Whether the person is an active member who may see the record the notification is about. */
async function recipientSees(db: DbOrTx, n: NewNotification): Promise<boolean> {
  const [m] = await db
    .select({ role: memberships.role, privateRecords: workspaces.privateRecords })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.workspaceId, n.workspaceId), eq(memberships.userId, n.userId), isNull(memberships.disabledAt)));
  if (!m) return false;
  if (!n.recordType || !n.recordId || seesPrivateRecords(m.privateRecords, m.role)) return true;
  // Asked as them, under row-level security, in a savepoint rolled back afterwards (so the
  // transaction goes on as whoever it was).
  return db
    .transaction(async (sp) => {
      await sp.execute(
        sql`select set_config('app.workspace_id', ${n.workspaceId}, true), set_config('app.user_id', ${n.userId}, true), set_config('app.sees_private', 'off', true)`,
      );
      const [row] = await sp.execute<{ ok: boolean }>(sql`select record_visible(${n.recordType}, ${n.recordId}::uuid) as ok`);
      throw new Answer(row?.ok === true);
    })
    .catch((error: unknown) => {
      if (error instanceof Answer) return error.value;
      throw error;
    });
}

/**
 * Idempotent on dedupeKey: the same event never notifies twice. When the person asked for this
 * kind by email too, the email job is queued in the same transaction.
 */
export async function notify(db: DbOrTx, n: NewNotification): Promise<boolean> {
  // Someone who left or was deactivated hears nothing more of the workspace; nor does anyone of
  // a record private to others (the title alone would tell).
  if (!(await recipientSees(db, n))) return false;
  const [created] = await db.insert(notifications).values(n).onConflictDoNothing().returning({ id: notifications.id });
  if (!created) return false;
  const [settings] = await db
    .select({ emailKinds: notificationSettings.emailKinds })
    .from(notificationSettings)
    .where(and(eq(notificationSettings.workspaceId, n.workspaceId), eq(notificationSettings.userId, n.userId)))
    .limit(1);
  if (settings?.emailKinds.includes(n.kind)) {
    await addJob(db, "send_notification_email", { workspaceId: n.workspaceId, notificationId: created.id });
  }
  return true;
}

/** Tells several people at once (each once), leaving out whoever caused it; returns who was told now. */
export async function notifyAll(db: DbOrTx, userIds: Iterable<string>, actorId: string | null, n: Omit<NewNotification, "userId" | "dedupeKey"> & { dedupeKey: (userId: string) => string }) {
  const told: string[] = [];
  for (const userId of new Set(userIds)) {
    if (userId === actorId) continue;
    if (await notify(db, { ...n, userId, dedupeKey: n.dedupeKey(userId) })) told.push(userId);
  }
  return told;
}

export async function markRead(ctx: WorkspaceCtx, ids: string[]) {
  await ctx.db
    .update(notifications)
    .set({ readAt: new Date() })
    .where(and(eq(notifications.workspaceId, ctx.workspaceId), eq(notifications.userId, ctx.userId), inArray(notifications.id, ids), isNull(notifications.readAt)));
}

export async function getNotificationSettings(ctx: WorkspaceCtx) {
  const [row] = await ctx.db
    .select({ emailKinds: notificationSettings.emailKinds })
    .from(notificationSettings)
    .where(and(eq(notificationSettings.workspaceId, ctx.workspaceId), eq(notificationSettings.userId, ctx.userId)))
    .limit(1);
  return { emailKinds: row?.emailKinds ?? [] };
}

export async function setNotificationSettings(ctx: WorkspaceCtx, emailKinds: string[]) {
  await ctx.db
    .insert(notificationSettings)
    .values({ workspaceId: ctx.workspaceId, userId: ctx.userId, emailKinds })
    .onConflictDoUpdate({ target: [notificationSettings.workspaceId, notificationSettings.userId], set: { emailKinds, updatedAt: sql`now()` } });
  return { emailKinds };
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
