import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { companies, contacts, deals, leads } from "@/server/db/schema";
import { AppError } from "@/shared/errors";
import { parseDocName, type DocRef } from "@/shared/doc-names";
import { can, type Role } from "@/shared/permissions";
import { findMembership } from "../workspaces/memberships";

const recordTables = { company: companies, contact: contacts, deal: deals, lead: leads } as const;

/**
 * May this user open this document, and may they write to it? The workspace comes from the record
 * itself, never from the document name or the client.
 */
export async function authorizeDocument(db: DbOrTx, userId: string, name: string) {
  const ref = parseDocName(name);
  if (!ref) throw new AppError("NOT_FOUND", "document.not_found", "That document does not exist.");
  const workspaceId = await workspaceOfRecord(db, ref);
  const membership = workspaceId ? await findMembership(db, userId, workspaceId) : null;
  if (!workspaceId || !membership) {
    throw new AppError("NOT_FOUND", "document.not_found", "That document does not exist or you cannot see it.");
  }
  const role: Role = membership.role;
  if (!can(role, `${ref.kind}.read`)) throw new AppError("FORBIDDEN", "document.forbidden", "You cannot open this document.");
  return { ref, workspaceId, role, readOnly: !can(role, `${ref.kind}.update`) };
}

async function workspaceOfRecord(db: DbOrTx, ref: DocRef): Promise<string | null> {
  const table = recordTables[ref.kind];
  const [row] = await db
    .select({ workspaceId: table.workspaceId })
    .from(table)
    .where(and(eq(table.id, ref.id), isNull(table.deletedAt)))
    .limit(1);
  return row?.workspaceId ?? null;
}
