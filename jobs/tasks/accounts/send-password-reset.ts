import { z } from "zod";
import type { Db } from "@/server/db/client";
import { sendPasswordReset } from "@/server/domain/auth/password-reset";
import type { MailConfig } from "@/server/integrations/mail";

const payload = z.object({ requestId: z.uuid(), email: z.string().max(320), ip: z.string().nullable().default(null) });

/** A "forgot password" request: the account looked up, the link made and sent (see sendPasswordReset). */
export async function sendPasswordResetEmail(db: Db, mail: MailConfig, appUrl: string, secret: string, raw: unknown) {
  return sendPasswordReset(db, mail, appUrl, secret, payload.parse(raw));
}
