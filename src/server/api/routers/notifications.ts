import { z } from "zod";
import { listMyNotifications, markAllRead } from "@/server/domain/notifications/notifications";
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
});
