import { and, eq } from "drizzle-orm";
import { Resend } from "resend";
import type { DbOrTx } from "@/server/db/client";
import { accountEmails, outboxEmails } from "@/server/db/schema";

export interface MailConfig {
  /** Without a key, emails are kept in the outbox (and the product says so) instead of sent. */
  apiKey?: string;
  /** The Resend API's address; a local server speaking its protocol in tests. */
  baseUrl?: string;
  from: string;
}

export interface Email {
  workspaceId: string;
  /** What caused it: the same cause never sends twice, even when a job runs again. */
  dedupeKey: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Sends through Resend when a key is configured, else keeps the email in the outbox. Every email
 * is recorded once per cause; Resend also gets the cause as its idempotency key, so a retry after
 * a crash between sending and recording does not send twice.
 */
export async function deliver(db: DbOrTx, config: MailConfig, email: Email): Promise<"sent" | "outbox" | "already"> {
  const [done] = await db
    .select({ id: outboxEmails.id })
    .from(outboxEmails)
    .where(and(eq(outboxEmails.workspaceId, email.workspaceId), eq(outboxEmails.dedupeKey, email.dedupeKey)))
    .limit(1);
  if (done) return "already";
  if (!config.apiKey) {
    await db.insert(outboxEmails).values({ ...email, status: "outbox" }).onConflictDoNothing();
    return "outbox";
  }
  const providerId = await send({ ...config, apiKey: config.apiKey }, email, `${email.workspaceId}:${email.dedupeKey}`);
  await db.insert(outboxEmails).values({ ...email, status: "sent", providerId }).onConflictDoNothing();
  return "sent";
}

async function send(config: MailConfig & { apiKey: string }, email: { to: string; subject: string; text: string }, idempotencyKey: string) {
  const resend = new Resend(config.apiKey, config.baseUrl ? { baseUrl: config.baseUrl } : undefined);
  const { data, error } = await resend.emails.send({ from: config.from, to: email.to, subject: email.subject, text: email.text }, { idempotencyKey });
  if (error) throw new Error(`The mail provider refused the email: ${error.message}`);
  return data?.id ?? null;
}

/** An email about a person's account (no workspace): the same once-per-cause rule, its own outbox. */
export async function deliverAccountEmail(
  db: DbOrTx,
  config: MailConfig,
  email: { userId: string; dedupeKey: string; to: string; subject: string; text: string; secret?: string },
): Promise<"sent" | "outbox" | "already"> {
  const [done] = await db.select({ id: accountEmails.id }).from(accountEmails).where(eq(accountEmails.dedupeKey, email.dedupeKey)).limit(1);
  if (done) return "already";
  const { secret, ...record } = email;
  // Without a mail key the outbox is the delivery (an operator reads it there); once sent, the
  // secret in it (a reset link) is not kept.
  if (!config.apiKey) {
    await db.insert(accountEmails).values({ ...record, status: "outbox" }).onConflictDoNothing();
    return "outbox";
  }
  const providerId = await send({ ...config, apiKey: config.apiKey }, record, `account:${email.dedupeKey}`);
  const kept = secret ? record.text.replaceAll(secret, "[removed once sent]") : record.text;
  await db.insert(accountEmails).values({ ...record, text: kept, status: "sent", providerId }).onConflictDoNothing();
  return "sent";
}
