import { and, desc, eq, lt, or } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { activities, users } from "@/server/db/schema";
import type { WorkspaceCtx } from "../context";
import type { RecordObject } from "@/shared/permissions";
import { assertInWorkspace } from "../references";
import { AppError } from "@/shared/errors";

export type RecordType = RecordObject;

export interface ActivityInput {
  id?: string;
  recordType: RecordType;
  recordId: string;
  kind: string;
  data?: Record<string, unknown>;
}

export async function recordActivity(ctx: Pick<WorkspaceCtx, "db" | "workspaceId" | "userId">, input: ActivityInput) {
  await insertActivity(ctx.db, ctx.workspaceId, ctx.userId, input);
}

/** Many entries by the caller in one insert (the records of an import's batch). */
export async function recordActivities(ctx: Pick<WorkspaceCtx, "db" | "workspaceId" | "userId">, inputs: ActivityInput[]) {
  if (inputs.length === 0) return;
  await ctx.db
    .insert(activities)
    .values(inputs.map((input) => activityRow(ctx.workspaceId, ctx.userId, input)))
    .onConflictDoNothing();
}

/** Idempotent when an id is given: a job that runs twice writes its entry once. */
export async function insertActivity(db: DbOrTx, workspaceId: string, actorId: string | null, input: ActivityInput) {
  await db.insert(activities).values(activityRow(workspaceId, actorId, input)).onConflictDoNothing();
}

const activityRow = (workspaceId: string, actorId: string | null, input: ActivityInput) => ({ workspaceId, actorId, ...input, data: input.data ?? {} });

/** Opaque page cursors: the position of the last entry of a page. */
export function encodeCursor(createdAt: Date, id: string) {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString("base64url");
}

function decodeCursor(cursor: string) {
  const [at, id] = Buffer.from(cursor, "base64url").toString().split("|");
  const createdAt = new Date(at ?? "");
  if (!id || !/^[0-9a-f-]{36}$/.test(id) || Number.isNaN(createdAt.getTime())) {
    throw new AppError("INVALID", "cursor.invalid", "That page cursor is not valid: start again from the first page.");
  }
  return { createdAt, id };
}

/**
 * A record's timeline, newest first, a page at a time (keyset pagination on created_at, id: the
 * same speed on page 1 and page 1,000).
 */
export async function listTimeline(
  ctx: WorkspaceCtx,
  input: { recordType: RecordType; recordId: string; cursor?: string | null; limit: number },
) {
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  const rows = await ctx.db
    .select({
      id: activities.id,
      kind: activities.kind,
      data: activities.data,
      createdAt: activities.createdAt,
      actorName: users.name,
    })
    .from(activities)
    .leftJoin(users, eq(users.id, activities.actorId))
    .where(
      and(
        eq(activities.workspaceId, ctx.workspaceId),
        eq(activities.recordType, input.recordType),
        eq(activities.recordId, input.recordId),
        cursor ? or(lt(activities.createdAt, cursor.createdAt), and(eq(activities.createdAt, cursor.createdAt), lt(activities.id, cursor.id))) : undefined,
      ),
    )
    .orderBy(desc(activities.createdAt), desc(activities.id))
    .limit(input.limit + 1);
  const items = rows.slice(0, input.limit);
  const last = items.at(-1);
  return { items, next: rows.length > input.limit && last ? encodeCursor(last.createdAt, last.id) : null };
}

/** A call, meeting, email or note logged by hand, on a live record of the workspace. */
export async function logActivity(
  ctx: WorkspaceCtx,
  input: { recordType: RecordType; recordId: string; kind: string; subject: string | null; body: string; occurredAt?: Date },
) {
  await assertInWorkspace(ctx, input.recordType, input.recordId);
  const [row] = await ctx.db
    .insert(activities)
    .values({
      workspaceId: ctx.workspaceId,
      actorId: ctx.userId,
      recordType: input.recordType,
      recordId: input.recordId,
      kind: input.kind,
      data: { subject: input.subject, body: input.body, occurredAt: (input.occurredAt ?? new Date()).toISOString() },
    })
    .returning({ id: activities.id });
  return row!;
}
