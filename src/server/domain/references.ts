import { and, eq, isNull, sql } from "drizzle-orm";
import { pipelineStages } from "@/server/db/schema";
import { docTables } from "@/server/db/record-tables";
import { textArray } from "@/server/db/sql-values";
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
  if (!row) throw invalidReference(kind);
}

/** The same for the references of many records at once (a batch of an import), in one query. */
export async function assertAllInWorkspace(ctx: WorkspaceCtx, kind: keyof typeof tables, ids: readonly string[]) {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;
  const table = tables[kind];
  const live = "deletedAt" in table ? isNull(table.deletedAt) : undefined;
  const rows = await ctx.db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.workspaceId, ctx.workspaceId), sql`${table.id} = any(${textArray(unique)}::uuid[])`, live));
  if (rows.length < unique.length) throw invalidReference(kind);
}

const invalidReference = (kind: keyof typeof tables) =>
  new AppError("INVALID", `${kind}.invalid_reference`, `The selected ${kind} does not exist in this workspace.`);
