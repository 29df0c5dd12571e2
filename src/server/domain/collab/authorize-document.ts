import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { docTables } from "@/server/db/record-tables";
import { sharedDocuments } from "@/server/db/schema";
import { AppError } from "@/shared/errors";
import { isRecordDoc, parseDocName, type DocRef } from "@/shared/doc-names";
import type { RecordObject } from "@/shared/permissions";
import { can, type Role } from "@/shared/permissions";
import { findMembership } from "../workspaces/memberships";


/**
 * May this user open this document, and may they write to it? The workspace comes from the record
 * itself, never from the document name or the client.
 */
export async function authorizeDocument(db: DbOrTx, userId: string, name: string) {
  const ref = parseDocName(name);
  if (!ref) throw new AppError("NOT_FOUND", "document.not_found", "That document does not exist.");
  // A shared document is as open as the record it belongs to.
  const owner = isRecordDoc(ref) ? { workspaceId: await workspaceOfRecord(db, ref), object: ref.kind } : await parentOfDocument(db, ref.id);
  const workspaceId = owner?.workspaceId ?? null;
  const membership = workspaceId ? await findMembership(db, userId, workspaceId) : null;
  if (!owner || !workspaceId || !membership) {
    throw new AppError("NOT_FOUND", "document.not_found", "That document does not exist or you cannot see it.");
  }
  const role: Role = membership.role;
  if (!can(role, `${owner.object}.read`)) throw new AppError("FORBIDDEN", "document.forbidden", "You cannot open this document.");
  return { ref, workspaceId, role, readOnly: !can(role, `${owner.object}.update`) };
}

async function workspaceOfRecord(db: DbOrTx, ref: DocRef & { kind: keyof typeof docTables }): Promise<string | null> {
  const table = docTables[ref.kind];
  const [row] = await db
    .select({ workspaceId: table.workspaceId })
    .from(table)
    .where(and(eq(table.id, ref.id), "deletedAt" in table ? isNull(table.deletedAt) : undefined))
    .limit(1);
  return row?.workspaceId ?? null;
}

/** The workspace and record type of a shared document that is not in the trash. */
async function parentOfDocument(db: DbOrTx, id: string): Promise<{ workspaceId: string; object: RecordObject } | null> {
  const [row] = await db
    .select({ workspaceId: sharedDocuments.workspaceId, object: sharedDocuments.recordType })
    .from(sharedDocuments)
    .where(and(eq(sharedDocuments.id, id), isNull(sharedDocuments.deletedAt)))
    .limit(1);
  return row ?? null;
}
