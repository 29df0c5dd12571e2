import { sql } from "drizzle-orm";
import type { WorkspaceCtx } from "../context";
import type { RecordObject } from "@/shared/permissions";

export interface SearchHit {
  type: RecordObject;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
}

/**
 * The words of a query as a prefix tsquery ("ada mor" → 'ada':* & 'mor':*), or null when nothing
 * searchable is left. Only letters and digits reach to_tsquery, so no input can break its syntax.
 */
export function prefixQuery(q: string): string | null {
  const words = q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

/**
 * Ranked search across the record types the caller may read, in their workspace only. A record
 * matches when every word is a prefix of one of its words (full-text), or when the query is
 * close to its text (trigram similarity, which forgives typos). Ranking favours prefix matches,
 * then closeness.
 */
export async function globalSearch(ctx: WorkspaceCtx, input: { q: string; limit: number; types: RecordObject[] }): Promise<SearchHit[]> {
  const q = input.q.trim().toLowerCase().slice(0, 100);
  const tsq = prefixQuery(q);
  if (!tsq || input.types.length === 0) return [];

  const parts = [];
  const rank = (alias: string) =>
    sql`(case when ${sql.raw(alias)}.search_vector @@ to_tsquery('simple', ${tsq}) then 1 else 0 end
        + greatest(similarity(${sql.raw(alias)}.search_text, ${q}), word_similarity(${q}, ${sql.raw(alias)}.search_text)))`;
  const where = (alias: string) =>
    sql`${sql.raw(alias)}.workspace_id = ${ctx.workspaceId} and ${sql.raw(alias)}.deleted_at is null and (
          ${sql.raw(alias)}.search_vector @@ to_tsquery('simple', ${tsq})
          or ${sql.raw(alias)}.search_text % ${q}
          or ${q} <% ${sql.raw(alias)}.search_text)`;

  if (input.types.includes("company")) {
    parts.push(sql`(select 'company' as type, c.id, c.name as title, c.domain as subtitle, ${rank("c")} as score
      from companies c where ${where("c")} order by score desc limit ${input.limit})`);
  }
  if (input.types.includes("contact")) {
    parts.push(sql`(select 'contact' as type, p.id, trim(p.first_name || ' ' || coalesce(p.last_name, '')) as title,
        coalesce(p.email, p.title) as subtitle, ${rank("p")} as score
      from contacts p where ${where("p")} order by score desc limit ${input.limit})`);
  }
  if (input.types.includes("deal")) {
    parts.push(sql`(select 'deal' as type, d.id, d.title, s.name as subtitle, ${rank("d")} as score
      from deals d join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
      where ${where("d")} order by score desc limit ${input.limit})`);
  }
  // Looser than pg_trgm's default (0.6), so that a swapped pair of letters still finds the word;
  // the ranking keeps close matches first. Local to this transaction.
  await ctx.db.execute(sql`select set_config('pg_trgm.word_similarity_threshold', '0.4', true)`);
  const rows = await ctx.db.execute<{ type: RecordObject; id: string; title: string; subtitle: string | null; score: string | number }>(
    sql`select * from (${sql.join(parts, sql` union all `)}) hits order by score desc, title limit ${input.limit}`,
  );
  return [...rows].map((r) => ({ ...r, score: Number(r.score) }));
}
