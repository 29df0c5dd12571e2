import { eq } from "drizzle-orm";
import { workspaces } from "@/server/db/schema";
import { AppError } from "@/shared/errors";
import type { WorkspaceCtx } from "../context";
import { hasSecondFactor } from "../auth/two-factor";
import { audit } from "../audit/audit";

export async function workspaceSecurity(ctx: WorkspaceCtx) {
  const [w] = await ctx.db
    .select({ requireTwoFactor: workspaces.requireTwoFactor, privateRecords: workspaces.privateRecords })
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId))
    .limit(1);
  return { requireTwoFactor: w?.requireTwoFactor ?? false, privateRecords: w?.privateRecords ?? false };
}

/**
 * Requiring two-factor sign-in: from then on, members without it are asked to set it up before
 * anything else (the admin who turns it on must have it, so nobody locks themselves out).
 * Allowing private records: people may then make a record visible to its owner only (owners and
 * admins still see everything); turned off, every record is the whole workspace's again.
 */
export async function setWorkspaceSecurity(ctx: WorkspaceCtx, input: { requireTwoFactor?: boolean; privateRecords?: boolean }) {
  if (input.requireTwoFactor && !(await hasSecondFactor(ctx.db, ctx.userId))) {
    throw new AppError("INVALID", "workspace.two_factor_yourself_first", "Turn on two-factor sign-in for yourself first.");
  }
  const before = await workspaceSecurity(ctx);
  const after = { requireTwoFactor: input.requireTwoFactor ?? before.requireTwoFactor, privateRecords: input.privateRecords ?? before.privateRecords };
  await ctx.db.update(workspaces).set(after).where(eq(workspaces.id, ctx.workspaceId));
  await audit(ctx.db, { workspaceId: ctx.workspaceId, action: "workspace.security_changed", objectType: "workspace", objectId: ctx.workspaceId, before, after });
  return after;
}
