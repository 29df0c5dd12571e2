import { and, eq, isNull } from "drizzle-orm";
import { pipelineStages } from "@/server/db/schema";
import { docTables } from "@/server/db/record-tables";
import { AppError } from "@/shared/errors";
import type { WorkspaceCtx } from "./context";

const tables = { ...docTables, stage: pipelineStages } as const;

/** A user's text inside a LIKE pattern matches itself only (% and _ lose their meaning). */
export function escapeLike(text: string) {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * A referenced record must be in the caller's workspace. The composite foreign keys would refuse
 * it anyway; this turns the refusal into a sentence.
 */
export async function assertInWorkspace(ctx: WorkspaceCtx, kind: keyof typeof tables, id: string) {
  const table = tables[kind];
  const live = "deletedAt" in table ? isNull(table.deletedAt) : undefined;
  const [row] = await ctx.db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, ctx.workspaceId), eq(table.id, id), live))
    .limit(1);
  if (!row) throw new AppError("INVALID", `${kind}.invalid_reference`, `The selected ${kind} does not exist in this workspace.`);
}
