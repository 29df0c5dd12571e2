import { z } from "zod";
import { commentRecord, createComment, deleteComment, editComment, listComments, resolveThread } from "@/server/domain/comments/comments";
import { follow, isFollowing, unfollow } from "@/server/domain/notifications/follows";
import { assertInWorkspace } from "@/server/domain/references";
import { can } from "@/shared/permissions";
import { conversationRef, createCommentInput, editCommentInput, resolveThreadInput } from "@/shared/schemas";
import { assertAllowed, rest, router, workspaceProcedure } from "../trpc";

const comment = z.object({
  id: z.uuid(),
  parentId: z.uuid().nullable(),
  authorId: z.uuid().nullable(),
  authorName: z.string().nullable(),
  body: z.string(),
  resolvedAt: z.date().nullable(),
  editedAt: z.date().nullable(),
  deletedAt: z.date().nullable(),
  createdAt: z.date(),
});

export const commentsRouter = router({
  /** A record's comment threads, oldest first, with their replies. */
  list: workspaceProcedure
    .meta(rest("GET", "/comments", "A record's comment threads", "comments"))
    .input(conversationRef)
    .output(z.array(comment.extend({ replies: z.array(comment) })))
    .query(({ ctx, input }) => {
      assertAllowed(ctx, `${input.recordType}.read`);
      return listComments(ctx.ws, input.recordType, input.recordId);
    }),

  create: workspaceProcedure
    .meta(rest("POST", "/comments", "Comment on a record, or reply to a thread; @[Name](user id) mentions", "comments"))
    .input(createCommentInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      assertAllowed(ctx, `${input.recordType}.update`);
      const c = await createComment(ctx.ws, input);
      return { id: c.id };
    }),

  edit: workspaceProcedure
    .meta(rest("PATCH", "/comments/{id}", "Edit your comment", "comments"))
    .input(editCommentInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      assertAllowed(ctx, `${(await commentRecord(ctx.ws, input.id)).recordType}.update`);
      const c = await editComment(ctx.ws, input);
      return { id: c.id };
    }),

  delete: workspaceProcedure
    .meta(rest("DELETE", "/comments/{id}", "Delete a comment (yours, or any as an admin)", "comments"))
    .input(z.object({ id: z.uuid() }))
    .output(z.object({ id: z.uuid() }))
    .mutation(async ({ ctx, input }) => {
      assertAllowed(ctx, `${(await commentRecord(ctx.ws, input.id)).recordType}.update`);
      return deleteComment(ctx.ws, input.id, can(ctx.ws.role, "member.manage"));
    }),

  resolve: workspaceProcedure
    .meta(rest("POST", "/comments/{id}/resolve", "Resolve or reopen a thread", "comments"))
    .input(resolveThreadInput)
    .output(z.object({ id: z.uuid(), resolved: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      assertAllowed(ctx, `${(await commentRecord(ctx.ws, input.id)).recordType}.update`);
      return resolveThread(ctx.ws, input.id, input.resolved);
    }),

  /** Whether you follow the record (comments and stage changes reach you). */
  following: workspaceProcedure
    .meta(rest("GET", "/follows", "Whether you follow a record", "comments"))
    .input(conversationRef)
    .output(z.object({ following: z.boolean() }))
    .query(async ({ ctx, input }) => {
      assertAllowed(ctx, `${input.recordType}.read`);
      return { following: await isFollowing(ctx.ws, input.recordType, input.recordId) };
    }),

  follow: workspaceProcedure
    .meta(rest("POST", "/follows", "Follow or stop following a record", "comments"))
    .input(conversationRef.extend({ follow: z.boolean() }))
    .output(z.object({ following: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      assertAllowed(ctx, `${input.recordType}.read`);
      await assertInWorkspace(ctx.ws, input.recordType, input.recordId);
      if (input.follow) await follow(ctx.ws.db, ctx.ws.workspaceId, ctx.ws.userId, input.recordType, input.recordId);
      else await unfollow(ctx.ws, input.recordType, input.recordId);
      return { following: input.follow };
    }),
});
