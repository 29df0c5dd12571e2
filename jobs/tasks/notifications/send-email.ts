import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { notifications, users } from "@/server/db/schema";
import { deliver, type MailConfig } from "@/server/integrations/mail";
import { recordPath } from "@/shared/record-labels";

export const sendEmailPayload = z.object({ workspaceId: z.uuid(), notificationId: z.uuid() });

/** The email of one notification the person asked to get by email (sent once, whatever retries). */
export async function sendNotificationEmail(db: DbOrTx, mail: MailConfig, appUrl: string, raw: unknown) {
  const p = sendEmailPayload.parse(raw);
  const [n] = await db
    .select({ title: notifications.title, recordType: notifications.recordType, recordId: notifications.recordId, email: users.email })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(eq(notifications.workspaceId, p.workspaceId), eq(notifications.id, p.notificationId)))
    .limit(1);
  if (!n) return "gone";
  const path = recordPath(n.recordType, n.recordId) ?? "/notifications";
  return deliver(db, mail, {
    workspaceId: p.workspaceId,
    dedupeKey: `notification:${p.notificationId}`,
    to: n.email,
    subject: n.title.length > 120 ? `${n.title.slice(0, 117)}…` : n.title,
    text: `${n.title}\n\nOpen it: ${new URL(path, appUrl).toString()}\n\nYou get this email because you chose it in your notification settings.`,
  });
}
