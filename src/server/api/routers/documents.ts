import { z } from "zod";
import { createDocument, deleteDocument, getDocument, getVersion, listDocuments, listVersions, nameVersion, renameDocument } from "@/server/domain/documents/documents";
import { createDocumentInput, documentParents, nameVersionInput, renameDocumentInput } from "@/shared/schemas";
import { assertAllowed, rest, router, workspaceProcedure } from "../trpc";

const parentRef = z.object({ recordType: z.enum(documentParents), recordId: z.uuid() });
const idInput = z.object({ id: z.uuid() });

export const documentsRouter = router({
  /** The proposals, contracts and other documents of a deal or company. */
  list: workspaceProcedure
    .meta(rest("GET", "/documents", "The shared documents of a deal or company", "documents"))
    .input(parentRef)
    .output(z.array(z.object({ id: z.uuid(), title: z.string(), kind: z.string(), createdAt: z.date(), authorName: z.string().nullable() })))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.recordType}.read`);
      return listDocuments(ctx.ws, input.recordType, input.recordId);
    }),

  create: workspaceProcedure
    .meta(rest("POST", "/documents", "Start a shared document on a deal or company", "documents"))
    .input(createDocumentInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => {
      assertAllowed(ctx, `${input.recordType}.update`);
      return createDocument(ctx.ws, input);
    }),

  get: workspaceProcedure
    .meta(rest("GET", "/documents/{id}", "A shared document", "documents"))
    .input(idInput)
    .output(
      z.object({
        id: z.uuid(),
        title: z.string(),
        kind: z.string(),
        recordType: z.string(),
        recordId: z.uuid(),
        recordName: z.string(),
        documentName: z.string(),
        readOnly: z.boolean(),
      }),
    )
    .query(async ({ ctx, input }) => {
      const doc = await getDocument(ctx.ws, input.id);
      assertAllowed(ctx, `${doc.recordType}.read`);
      let readOnly = false;
      try {
        assertAllowed(ctx, `${doc.recordType}.update`);
      } catch {
        readOnly = true;
      }
      return { id: doc.id, title: doc.title, kind: doc.kind, recordType: doc.recordType, recordId: doc.recordId, recordName: doc.recordName, documentName: doc.documentName, readOnly };
    }),

  rename: workspaceProcedure
    .meta(rest("PATCH", "/documents/{id}", "Rename a shared document", "documents"))
    .input(renameDocumentInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      assertAllowed(ctx, `${(await getDocument(ctx.ws, input.id)).recordType}.update`);
      return renameDocument(ctx.ws, input.id, input.title);
    }),

  delete: workspaceProcedure
    .meta(rest("DELETE", "/documents/{id}", "Delete a shared document", "documents"))
    .input(idInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      assertAllowed(ctx, `${(await getDocument(ctx.ws, input.id)).recordType}.update`);
      return deleteDocument(ctx.ws, input.id);
    }),

  /** Named versions, newest first. */
  versions: workspaceProcedure
    .meta(rest("GET", "/documents/{id}/versions", "A shared document's named versions", "documents"))
    .input(idInput)
    .output(z.array(z.object({ id: z.uuid(), name: z.string(), createdAt: z.date(), authorName: z.string().nullable() })))
    .query(async ({ ctx, input }) => {
      assertAllowed(ctx, `${(await getDocument(ctx.ws, input.id)).recordType}.read`);
      return listVersions(ctx.ws, input.id);
    }),

  nameVersion: workspaceProcedure
    .meta(rest("POST", "/documents/{id}/versions", "Name the document as it is now as a version", "documents"))
    .input(nameVersionInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      assertAllowed(ctx, `${(await getDocument(ctx.ws, input.id)).recordType}.update`);
      return nameVersion(ctx.ws, input.id, input.name);
    }),

  /** A version's content as a base64 Yjs update: to compare with now, or restore. */
  version: workspaceProcedure
    .meta(rest("GET", "/documents/versions/{versionId}", "A named version's content (base64 Yjs update)", "documents"))
    .input(z.object({ versionId: z.uuid() }))
    .output(z.object({ id: z.uuid(), name: z.string(), state: z.string() }))
    .query(async ({ ctx, input }) => {
      const v = await getVersion(ctx.ws, input.versionId);
      assertAllowed(ctx, `${(await getDocument(ctx.ws, v.documentId)).recordType}.read`);
      return { id: v.id, name: v.name, state: Buffer.from(v.state).toString("base64") };
    }),
});
