import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import { forEachWorkspace, type Db } from "@/server/db/client";
import { memberships, retentionRules } from "@/server/db/schema";
import { applyRetention } from "@/server/domain/privacy/retention";

/**
 * Every night: each workspace's retention rules, in the workspace's own transaction. The changes
 * are made in the name of the admin who set the rules (or the workspace's first owner), so the
 * audit log and the records say who decided them.
 */
export async function applyRetentionEverywhere(db: Db) {
  return forEachWorkspace(db, async (tx, workspaceId) => {
    const [rule] = await tx
      .select({ createdBy: retentionRules.createdBy })
      .from(retentionRules)
      .where(and(eq(retentionRules.workspaceId, workspaceId), eq(retentionRules.enabled, true)))
      .orderBy(asc(retentionRules.createdAt))
      .limit(1);
    if (!rule) return 0;
    // The rule's author while still an active owner or admin; otherwise the first active owner.
    const admins = await tx
      .select({ userId: memberships.userId, role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), inArray(memberships.role, ["owner", "admin"]), isNull(memberships.disabledAt)))
      .orderBy(asc(memberships.createdAt));
    const actor = admins.find((m) => m.userId === rule.createdBy)?.userId ?? admins.find((m) => m.role === "owner")?.userId;
    if (!actor) return 0;
    await tx.execute(sql`select set_config('app.user_id', ${actor}, true)`);
    const results = await applyRetention({ db: tx, workspaceId, userId: actor, role: "owner" });
    return results.reduce((n, r) => n + r.count, 0);
  });
}
