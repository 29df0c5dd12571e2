import { z } from "zod";
import { getNotificationSettings, listMyNotifications, markAllRead, markRead, setNotificationSettings } from "@/server/domain/notifications/notifications";
import { notificationKinds } from "@/shared/mentions";
import { permitted, router, rest } from "../trpc";

export const notificationsRouter = router({
  list: permitted("notification.read")
    .meta(rest("GET", "/notifications", "Your notifications and unread count", "notifications"))
    .output(
      z.object({
        unread: z.number(),
        items: z.array(
          z.object({
            id: z.uuid(),
            kind: z.string(),
            title: z.string(),
            recordType: z.string().nullable(),
            recordId: z.uuid().nullable(),
            readAt: z.date().nullable(),
            createdAt: z.date(),
          }),
        ),
      }),
    )
    .query(({ ctx }) => listMyNotifications(ctx.ws)),
  markAllRead: permitted("notification.read")
    .meta(rest("POST", "/notifications/read-all", "Mark all your notifications read", "notifications"))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await markAllRead(ctx.ws);
      return { ok: true as const };
    }),

  markRead: permitted("notification.read")
    .meta(rest("POST", "/notifications/read", "Mark some of your notifications read", "notifications"))
    .input(z.object({ ids: z.array(z.uuid()).min(1).max(200) }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await markRead(ctx.ws, input.ids);
      return { ok: true as const };
    }),

  /** Which kinds of notification you also get by email. */
  settings: permitted("notification.read")
    .meta(rest("GET", "/notifications/settings", "Which notifications you also get by email", "notifications"))
    .output(z.object({ emailKinds: z.array(z.string()) }))
    .query(({ ctx }) => getNotificationSettings(ctx.ws)),

  setSettings: permitted("notification.read")
    .meta(rest("PUT", "/notifications/settings", "Choose which notifications you also get by email", "notifications"))
    .input(z.object({ emailKinds: z.array(z.enum(Object.keys(notificationKinds) as [keyof typeof notificationKinds])).max(20) }))
    .output(z.object({ emailKinds: z.array(z.string()) }))
    .mutation(({ ctx, input }) => setNotificationSettings(ctx.ws, [...new Set(input.emailKinds)])),
});
