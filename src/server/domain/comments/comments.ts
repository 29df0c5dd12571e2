import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { comments, memberships, users } from "@/server/db/schema";
import { AppError, notFound } from "@/shared/errors";
import { mentionedIds, plainBody } from "@/shared/mentions";
import type { ApiObject } from "@/shared/permissions";
import type { createCommentInput, editCommentInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";
import { follow, followers } from "../notifications/follows";
import { notifyAll } from "../notifications/notifications";
import { assertInWorkspace } from "../references";
import { recordName, tableOf } from "../views/fields";

/** A record's name, for notification titles ("Olivia mentioned you on “Acme renewal”"). */
export async function recordTitle(db: DbOrTx, workspaceId: string, recordType: ApiObject, recordId: string): Promise<string> {
  const [name, table] = recordType === "task" ? ["x.title", "tasks"] : [recordName[recordType], tableOf[recordType]];
  const rows = await db.execute<{ name: string | null }>(
    sql`select ${sql.raw(name)} as name from ${sql.raw(table)} x where x.workspace_id = ${workspaceId} and x.id = ${recordId}`,
  );
  return [...rows][0]?.name ?? "a record";
}

/** Mentioned ids that are members of the workspace (anyone else is ignored). */
export async function membersAmong(db: DbOrTx, workspaceId: string, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db
    .select({ userId: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.userId, ids), isNull(memberships.disabledAt)));
  return rows.map((r) => r.userId);
}

const excerpt = (body: string) => {
  const text = plainBody(body).replace(/\s+/g, " ").trim();
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/** The record's threads, oldest first, each with its replies; deleted comments keep their place. */
export async function listComments(ctx: WorkspaceCtx, recordType: ApiObject, recordId: string) {
  const rows = await ctx.db
    .select({
      id: comments.id,
      parentId: comments.parentId,
      authorId: comments.authorId,
      authorName: users.name,
      body: comments.body,
      resolvedAt: comments.resolvedAt,
      editedAt: comments.editedAt,
      deletedAt: comments.deletedAt,
      createdAt: comments.createdAt,
    })
    .from(comments)
    .leftJoin(users, eq(users.id, comments.authorId))
    .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.recordType, recordType), eq(comments.recordId, recordId)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  const view = (r: (typeof rows)[number]) => ({ ...r, body: r.deletedAt ? "" : r.body });
  const threads = rows.filter((r) => !r.parentId).map((r) => ({ ...view(r), replies: [] as ReturnType<typeof view>[] }));
  const byId = new Map(threads.map((t) => [t.id, t]));
  for (const r of rows) if (r.parentId) byId.get(r.parentId)?.replies.push(view(r));
  return threads;
}

/** Tells the people mentioned in a record's note (once per mention), who then follow the record. */
export async function announceNoteMentions(
  ctx: WorkspaceCtx,
  recordType: ApiObject,
  recordId: string,
  documentName: string,
  mentions: { key: string; userId: string }[],
) {
  const members = new Set(await membersAmong(ctx.db, ctx.workspaceId, [...new Set(mentions.map((m) => m.userId))]));
  const fresh = mentions.filter((m) => members.has(m.userId) && m.userId !== ctx.userId);
  if (!fresh.length) return;
  const title = await recordTitle(ctx.db, ctx.workspaceId, recordType, recordId);
  const [me] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, ctx.userId)).limit(1);
  for (const m of fresh) {
    const told = await notifyAll(ctx.db, [m.userId], ctx.userId, {
      workspaceId: ctx.workspaceId,
      recordType,
      recordId,
      kind: "mention",
      title: `${me?.name ?? "Someone"} mentioned you in the note on “${title}”`,
      dedupeKey: (u) => `mention:note:${documentName}:${m.key}:${u}`,
    });
    // Only a new mention makes them follow: someone who stopped following stays away.
    for (const u of told) await follow(ctx.db, ctx.workspaceId, u, recordType, recordId);
  }
}

async function tellMentionedAndFollowers(
  ctx: WorkspaceCtx,
  c: { id: string; recordType: ApiObject; recordId: string; body: string },
  mentioned: string[],
  alsoFollowers: boolean,
) {
  const title = await recordTitle(ctx.db, ctx.workspaceId, c.recordType, c.recordId);
  const [me] = await ctx.db.select({ name: users.name }).from(users).where(eq(users.id, ctx.userId)).limit(1);
  const who = me?.name ?? "Someone";
  const about = { workspaceId: ctx.workspaceId, recordType: c.recordType, recordId: c.recordId };
  await notifyAll(ctx.db, mentioned, ctx.userId, {
    ...about,
    kind: "mention",
    title: `${who} mentioned you on “${title}”: ${excerpt(c.body)}`,
    dedupeKey: (u) => `mention:comment:${c.id}:${u}`,
  });
  if (!alsoFollowers) return;
  const rest = (await followers(ctx.db, ctx.workspaceId, c.recordType, c.recordId)).filter((u) => !mentioned.includes(u));
  await notifyAll(ctx.db, rest, ctx.userId, {
    ...about,
    kind: "comment",
    title: `${who} commented on “${title}”: ${excerpt(c.body)}`,
    dedupeKey: (u) => `comment:${c.id}:${u}`,
  });
}

/**
 * A comment, or a reply to a thread. Who writes follows the record from then on; the people
 * mentioned are told (and follow too), and so are the record's other followers.
 */
export async function createComment(ctx: WorkspaceCtx, input: z.infer<typeof createCommentInput>) {
  await assertInWorkspace(ctx, input.recordType, input.recordId);
  if (input.parentId) {
    const [parent] = await ctx.db
      .select({ recordType: comments.recordType, recordId: comments.recordId, parentId: comments.parentId })
      .from(comments)
      .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, input.parentId)))
      .limit(1);
    if (!parent || parent.recordType !== input.recordType || parent.recordId !== input.recordId || parent.parentId) {
      throw new AppError("INVALID", "comment.invalid_thread", "That thread is not on this record.");
    }
  }
  const mentioned = await membersAmong(ctx.db, ctx.workspaceId, mentionedIds(input.body));
  const [created] = await ctx.db
    .insert(comments)
    .values({ workspaceId: ctx.workspaceId, recordType: input.recordType, recordId: input.recordId, parentId: input.parentId ?? null, authorId: ctx.userId, body: input.body, mentions: mentioned })
    .returning();
  if (input.parentId) {
    // A reply to a resolved thread reopens it.
    await ctx.db.update(comments).set({ resolvedAt: null, resolvedBy: null }).where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, input.parentId)));
  }
  await follow(ctx.db, ctx.workspaceId, ctx.userId, input.recordType, input.recordId);
  await tellMentionedAndFollowers(ctx, { ...created!, recordType: input.recordType }, mentioned, true);
  for (const u of mentioned) await follow(ctx.db, ctx.workspaceId, u, input.recordType, input.recordId);
  return created!;
}

async function ownComment(ctx: WorkspaceCtx, id: string) {
  const [c] = await ctx.db
    .select()
    .from(comments)
    .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, id), isNull(comments.deletedAt)))
    .for("update")
    .limit(1);
  if (!c) throw notFound("comment");
  return c;
}

/** Only its author edits a comment; people newly mentioned are told. */
export async function editComment(ctx: WorkspaceCtx, input: z.infer<typeof editCommentInput>) {
  const c = await ownComment(ctx, input.id);
  if (c.authorId !== ctx.userId) throw new AppError("FORBIDDEN", "comment.not_author", "Only its author can edit a comment.");
  const mentioned = await membersAmong(ctx.db, ctx.workspaceId, mentionedIds(input.body));
  const [updated] = await ctx.db
    .update(comments)
    .set({ body: input.body, mentions: mentioned, editedAt: sql`now()` })
    .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, input.id)))
    .returning();
  const fresh = mentioned.filter((u) => !c.mentions.includes(u));
  await tellMentionedAndFollowers(ctx, { ...updated!, recordType: c.recordType }, fresh, false);
  return updated!;
}

/** Its author, or an admin, deletes a comment: the text goes, its place in the thread stays. */
export async function deleteComment(ctx: WorkspaceCtx, id: string, isAdmin: boolean) {
  const c = await ownComment(ctx, id);
  if (c.authorId !== ctx.userId && !isAdmin) throw new AppError("FORBIDDEN", "comment.not_author", "Only its author or an admin can delete a comment.");
  await ctx.db.update(comments).set({ deletedAt: sql`now()` }).where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, id)));
  return { id };
}

/** A thread is resolved (or reopened) as a whole, through its first comment. */
export async function resolveThread(ctx: WorkspaceCtx, id: string, resolved: boolean) {
  const c = await ownComment(ctx, id);
  if (c.parentId) throw new AppError("INVALID", "comment.not_thread", "Resolve the thread from its first comment.");
  await ctx.db
    .update(comments)
    .set(resolved ? { resolvedAt: sql`now()`, resolvedBy: ctx.userId } : { resolvedAt: null, resolvedBy: null })
    .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, id)));
  return { id, resolved };
}

export async function commentRecord(ctx: WorkspaceCtx, id: string) {
  const [c] = await ctx.db
    .select({ recordType: comments.recordType, recordId: comments.recordId })
    .from(comments)
    .where(and(eq(comments.workspaceId, ctx.workspaceId), eq(comments.id, id)))
    .limit(1);
  if (!c) throw notFound("comment");
  return c;
}
