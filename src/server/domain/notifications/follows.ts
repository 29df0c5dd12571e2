import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { memberships, recordFollows } from "@/server/db/schema";
import type { ApiObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";

export async function follow(db: DbOrTx, workspaceId: string, userId: string, recordType: ApiObject, recordId: string) {
  await db.insert(recordFollows).values({ workspaceId, userId, recordType, recordId }).onConflictDoNothing();
}

export async function unfollow(ctx: WorkspaceCtx, recordType: ApiObject, recordId: string) {
  await ctx.db
    .delete(recordFollows)
    .where(
      and(
        eq(recordFollows.workspaceId, ctx.workspaceId),
        eq(recordFollows.userId, ctx.userId),
        eq(recordFollows.recordType, recordType),
        eq(recordFollows.recordId, recordId),
      ),
    );
}

export async function followers(db: DbOrTx, workspaceId: string, recordType: ApiObject, recordId: string): Promise<string[]> {
  // Members only: someone who left the workspace hears nothing more of it.
  const rows = await db
    .select({ userId: recordFollows.userId })
    .from(recordFollows)
    .innerJoin(memberships, and(eq(memberships.workspaceId, recordFollows.workspaceId), eq(memberships.userId, recordFollows.userId), isNull(memberships.disabledAt)))
    .where(and(eq(recordFollows.workspaceId, workspaceId), eq(recordFollows.recordType, recordType), eq(recordFollows.recordId, recordId)));
  return rows.map((r) => r.userId);
}

export async function isFollowing(ctx: WorkspaceCtx, recordType: ApiObject, recordId: string) {
  return (await followers(ctx.db, ctx.workspaceId, recordType, recordId)).includes(ctx.userId);
}
