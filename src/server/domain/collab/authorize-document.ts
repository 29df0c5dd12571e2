import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { AppError } from "@/shared/errors";
import { parseDocName } from "@/shared/doc-names";
import type { ApiObject } from "@/shared/permissions";
import { can, recordObjects, seesPrivateRecords, type RecordObject, type Role } from "@/shared/permissions";
import { recordTables } from "@/server/db/record-tables";
import { sharedDocuments } from "@/server/db/schema";
import { findMembership } from "../workspaces/memberships";

/**
 * May this user open this document, and may they write to it? The workspace comes from the record
 * itself, never from the document name or the client. Runs in a transaction of its own that acts
 * for the user (row-level security shows them their own memberships only).
 */
export async function authorizeDocument(db: DbOrTx, userId: string, name: string) {
  const ref = parseDocName(name);
  if (!ref) throw new AppError("NOT_FOUND", "document.not_found", "That document does not exist.");
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('app.user_id', ${userId}, true)`);
    // Whose it is, asked of a database function: before the workspace is known, row-level
    // security shows no record. A shared document is as open as the record it belongs to.
    const rows = await tx.execute<{ workspace_id: string; object: ApiObject }>(sql`select * from workspace_of_document(${ref.kind}, ${ref.id})`);
    const owner = [...rows][0] ?? null;
    const membership = owner ? await findMembership(tx, userId, owner.workspace_id) : null;
    if (!owner || !membership) {
      throw new AppError("NOT_FOUND", "document.not_found", "That document does not exist or you cannot see it.");
    }
    const role: Role = membership.role;
    if (!can(role, `${owner.object}.read`)) throw new AppError("FORBIDDEN", "document.forbidden", "You cannot open this document.");
    // A record private to someone else (and a shared document of such a record) stays closed:
    // asked as this person, under row-level security.
    const seesPrivate = seesPrivateRecords(membership.privateRecords, role);
    await tx.execute(sql`select set_config('app.workspace_id', ${owner.workspace_id}, true), set_config('app.sees_private', ${seesPrivate ? "on" : "off"}, true)`);
    if (!(await visibleToThem(tx, ref))) throw new AppError("NOT_FOUND", "document.not_found", "That document does not exist or you cannot see it.");
    return { ref, workspaceId: owner.workspace_id, role, readOnly: !can(role, `${owner.object}.update`) };
  });
}

/** The record behind a document can be read in this transaction (tasks are never private). */
async function visibleToThem(tx: DbOrTx, ref: { kind: string; id: string }): Promise<boolean> {
  let type: RecordObject | null = (recordObjects as readonly string[]).includes(ref.kind) ? (ref.kind as RecordObject) : null;
  let id = ref.id;
  if (ref.kind === "document") {
    const [doc] = await tx.select({ recordType: sharedDocuments.recordType, recordId: sharedDocuments.recordId }).from(sharedDocuments).where(eq(sharedDocuments.id, ref.id)).limit(1);
    if (!doc) return false;
    type = doc.recordType;
    id = doc.recordId;
  }
  if (!type) return true;
  const t = recordTables[type];
  const [row] = await tx.select({ id: t.id }).from(t).where(eq(t.id, id)).limit(1);
  return Boolean(row);
}
