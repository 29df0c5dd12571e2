import { z } from "zod";
import { listMyNotifications, markAllRead } from "@/server/domain/notifications/notifications";
import { permitted, router } from "../trpc";

export const notificationsRouter = router({
  list: permitted("notification.read")
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
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx }) => {
      await markAllRead(ctx.ws);
      return { ok: true as const };
    }),
});
