import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import { documentVersions, sharedDocuments, users } from "@/server/db/schema";
import { formatDocName } from "@/shared/doc-names";
import { notFound } from "@/shared/errors";
import type { RecordObject } from "@/shared/permissions";
import type { createDocumentInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { recordTitle } from "../comments/comments";
import { storedState } from "../record-docs/history";
import { assertInWorkspace } from "../references";

const live = (ctx: WorkspaceCtx, id: string) => and(eq(sharedDocuments.workspaceId, ctx.workspaceId), eq(sharedDocuments.id, id), isNull(sharedDocuments.deletedAt));

export async function listDocuments(ctx: WorkspaceCtx, recordType: RecordObject, recordId: string) {
  return ctx.db
    .select({ id: sharedDocuments.id, title: sharedDocuments.title, kind: sharedDocuments.kind, createdAt: sharedDocuments.createdAt, authorName: users.name })
    .from(sharedDocuments)
    .leftJoin(users, eq(users.id, sharedDocuments.createdBy))
    .where(and(eq(sharedDocuments.workspaceId, ctx.workspaceId), eq(sharedDocuments.recordType, recordType), eq(sharedDocuments.recordId, recordId), isNull(sharedDocuments.deletedAt)))
    .orderBy(desc(sharedDocuments.createdAt));
}

export async function createDocument(ctx: WorkspaceCtx, input: z.infer<typeof createDocumentInput>) {
  await assertInWorkspace(ctx, input.recordType, input.recordId);
  const [doc] = await ctx.db
    .insert(sharedDocuments)
    .values({ workspaceId: ctx.workspaceId, recordType: input.recordType, recordId: input.recordId, title: input.title, kind: input.kind, createdBy: ctx.userId })
    .returning({ id: sharedDocuments.id });
  return doc!;
}

/** The document and the record it belongs to (to check access, link back and name the page). */
export async function getDocument(ctx: WorkspaceCtx, id: string) {
  const [doc] = await ctx.db.select().from(sharedDocuments).where(live(ctx, id)).limit(1);
  if (!doc) throw notFound("document");
  return { ...doc, recordName: await recordTitle(ctx.db, ctx.workspaceId, doc.recordType, doc.recordId), documentName: formatDocName({ kind: "document", id }) };
}

export async function renameDocument(ctx: WorkspaceCtx, id: string, title: string) {
  const [doc] = await ctx.db.update(sharedDocuments).set({ title, updatedAt: sql`now()` }).where(live(ctx, id)).returning({ id: sharedDocuments.id });
  if (!doc) throw notFound("document");
  return doc;
}

export async function deleteDocument(ctx: WorkspaceCtx, id: string) {
  const [doc] = await ctx.db.update(sharedDocuments).set({ deletedAt: sql`now()` }).where(live(ctx, id)).returning({ id: sharedDocuments.id });
  if (!doc) throw notFound("document");
  return doc;
}

/** Names the document as it is now (every acknowledged edit is in its log) as a version. */
export async function nameVersion(ctx: WorkspaceCtx, id: string, name: string) {
  await getDocument(ctx, id);
  const state = await storedState(ctx, formatDocName({ kind: "document", id }));
  const [v] = await ctx.db
    .insert(documentVersions)
    .values({ workspaceId: ctx.workspaceId, documentId: id, name, state, createdBy: ctx.userId })
    .returning({ id: documentVersions.id });
  return v!;
}

export async function listVersions(ctx: WorkspaceCtx, id: string) {
  return ctx.db
    .select({ id: documentVersions.id, name: documentVersions.name, createdAt: documentVersions.createdAt, authorName: users.name })
    .from(documentVersions)
    .leftJoin(users, eq(users.id, documentVersions.createdBy))
    .where(and(eq(documentVersions.workspaceId, ctx.workspaceId), eq(documentVersions.documentId, id)))
    .orderBy(desc(documentVersions.createdAt));
}

export async function getVersion(ctx: WorkspaceCtx, versionId: string) {
  const [v] = await ctx.db
    .select({ id: documentVersions.id, documentId: documentVersions.documentId, name: documentVersions.name, state: documentVersions.state })
    .from(documentVersions)
    .where(and(eq(documentVersions.workspaceId, ctx.workspaceId), eq(documentVersions.id, versionId)))
    .limit(1);
  if (!v) throw notFound("version");
  return v;
}
