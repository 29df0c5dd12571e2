import { sql } from "drizzle-orm";
import { recordObjects, type RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { tableOf } from "../views/fields";

/** The tags in use on the given record types, most used first: what a tag input suggests. */
export async function listTags(ctx: WorkspaceCtx, objects: readonly RecordObject[] = recordObjects) {
  if (objects.length === 0) return [];
  const parts = objects.map(
    (o) => sql`select unnest(tags) as tag from ${sql.raw(tableOf[o])} where workspace_id = ${ctx.workspaceId} and deleted_at is null and cardinality(tags) > 0`,
  );
  const rows = (await ctx.db.execute(
    sql`select tag, count(*)::int as count from (${sql.join(parts, sql` union all `)}) t group by tag order by count desc, tag limit 500`,
  )) as unknown as { tag: string; count: number }[];
  return rows.map((r) => ({ tag: r.tag, count: r.count }));
}

/** Renames a tag (or merges it into another) on every record of the workspace. */
export async function renameTag(ctx: WorkspaceCtx, objects: readonly RecordObject[], from: string, to: string) {
  let changed = 0;
  for (const o of objects) {
    const rows = (await ctx.db.execute(
      sql`update ${sql.raw(tableOf[o])} set tags = (select coalesce(array_agg(distinct t order by t), '{}') from unnest(array_replace(tags, ${from}, ${to})) t)
          where workspace_id = ${ctx.workspaceId} and tags @> array[${from}]::text[] returning id`,
    )) as unknown as unknown[];
    changed += rows.length;
  }
  return { changed };
}
