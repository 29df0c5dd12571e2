import { and, desc, eq, lt } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { activities, users } from "@/server/db/schema";
import type { WorkspaceCtx } from "../context";

export type RecordType = "company" | "contact" | "deal";

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

/** Idempotent when an id is given: a job that runs twice writes its entry once. */
export async function insertActivity(db: DbOrTx, workspaceId: string, actorId: string | null, input: ActivityInput) {
  await db
    .insert(activities)
    .values({ workspaceId, actorId, ...input, data: input.data ?? {} })
    .onConflictDoNothing();
}

export async function listTimeline(
  ctx: WorkspaceCtx,
  input: { recordType: RecordType; recordId: string; before?: Date; limit: number },
) {
  return ctx.db
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
        input.before ? lt(activities.createdAt, input.before) : undefined,
      ),
    )
    .orderBy(desc(activities.createdAt))
    .limit(input.limit);
}
