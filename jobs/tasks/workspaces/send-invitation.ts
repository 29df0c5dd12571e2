import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { invitations, users, workspaces } from "@/server/db/schema";
import { deliver, type MailConfig } from "@/server/integrations/mail";
import { roleLabels } from "@/shared/permissions";

const payload = z.object({ workspaceId: z.uuid(), invitationId: z.uuid(), token: z.string().min(20) });

/** The invitation email (through the mail provider, or to the outbox without a key): once per invitation. */
export async function sendInvitationEmail(db: DbOrTx, mail: MailConfig, appUrl: string, raw: unknown) {
  const p = payload.parse(raw);
  const [row] = await db
    .select({ email: invitations.email, role: invitations.role, expiresAt: invitations.expiresAt, revokedAt: invitations.revokedAt, inviter: users.name, workspace: workspaces.name })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.workspaceId, p.workspaceId), eq(invitations.id, p.invitationId)))
    .limit(1);
  if (!row || row.revokedAt) return "withdrawn";
  const link = `${appUrl.replace(/\/$/, "")}/invite/${p.token}`;
  return deliver(db, mail, {
    workspaceId: p.workspaceId,
    dedupeKey: `invitation:${p.invitationId}`,
    to: row.email,
    subject: `${row.inviter ?? "Someone"} invited you to ${row.workspace} on MyCRM`,
    text: `${row.inviter ?? "Someone"} invited you to join ${row.workspace} on MyCRM as ${roleLabels[row.role].toLowerCase()}.\n\nAccept: ${link}\n\nThe link works once, for ${row.email}, until ${row.expiresAt.toUTCString()}.`,
  });
}
