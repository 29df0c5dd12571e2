import { eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { passwordResets, users } from "@/server/db/schema";
import { deliverAccountEmail, type MailConfig } from "@/server/integrations/mail";

const payload = z.object({ resetId: z.uuid(), token: z.string().min(20) });

/** The password reset email (through the mail provider, or the account outbox without a key): once per request. */
export async function sendPasswordResetEmail(db: DbOrTx, mail: MailConfig, appUrl: string, raw: unknown) {
  const p = payload.parse(raw);
  const [row] = await db
    .select({ userId: users.id, email: users.email, name: users.name, expiresAt: passwordResets.expiresAt, usedAt: passwordResets.usedAt })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(eq(passwordResets.id, p.resetId));
  if (!row || row.usedAt) return "gone";
  const link = `${appUrl.replace(/\/$/, "")}/reset-password/${p.token}`;
  return deliverAccountEmail(db, mail, {
    userId: row.userId,
    dedupeKey: `password-reset:${p.resetId}`,
    to: row.email,
    subject: "Reset your MyCRM password",
    text: `Hello ${row.name},\n\nSomeone (we hope you) asked to reset the password of your MyCRM account. Choose a new one here:\n\n${link}\n\nThe link works once, until ${row.expiresAt.toUTCString()}. Resetting signs you out on every device.\n\nIf it was not you, ignore this email: your password stays as it is.`,
  });
}
