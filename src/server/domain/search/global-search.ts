import { sql, type SQL } from "drizzle-orm";
import type { WorkspaceCtx } from "../context";
import type { RecordObject } from "@/shared/permissions";
import { textArray } from "@/server/db/sql-values";

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
  const words = queryWords(q);
  return words.length ? words.map((w) => `${w}:*`).join(" & ") : null;
}

function queryWords(q: string) {
  return q
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 8);
}

type Part = (alias: string) => SQL;

/** One subquery per record type the caller may read; `where` and `rank` are written per alias. */
function perType(ctx: WorkspaceCtx, types: RecordObject[], where: Part, rank: Part, limit: number) {
  const live = (a: string) => sql`${sql.raw(a)}.workspace_id = ${ctx.workspaceId} and ${sql.raw(a)}.deleted_at is null and (${where(a)})`;
  const parts: SQL[] = [];
  if (types.includes("company")) {
    parts.push(sql`(select 'company' as type, c.id, c.name as title, c.domain as subtitle, ${rank("c")} as score
      from companies c where ${live("c")} order by score desc limit ${limit})`);
  }
  if (types.includes("contact")) {
    parts.push(sql`(select 'contact' as type, p.id, trim(p.first_name || ' ' || coalesce(p.last_name, '')) as title,
        coalesce(p.email, p.title) as subtitle, ${rank("p")} as score
      from contacts p where ${live("p")} order by score desc limit ${limit})`);
  }
  if (types.includes("deal")) {
    parts.push(sql`(select 'deal' as type, d.id, d.title, s.name as subtitle, ${rank("d")} as score
      from deals d join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
      where ${live("d")} order by score desc limit ${limit})`);
  }
  if (types.includes("lead")) {
    parts.push(sql`(select 'lead' as type, l.id, trim(l.first_name || ' ' || coalesce(l.last_name, '')) as title,
        coalesce(l.company_name, l.email) as subtitle, ${rank("l")} as score
      from leads l where ${live("l")} and l.converted_at is null order by score desc limit ${limit})`);
  }
  return sql.join(parts, sql` union all `);
}

async function run(ctx: WorkspaceCtx, union: SQL, limit: number): Promise<SearchHit[]> {
  const rows = await ctx.db.execute<{ type: RecordObject; id: string; title: string; subtitle: string | null; score: string | number }>(
    sql`select * from (${union}) hits order by score desc, title limit ${limit}`,
  );
  return [...rows].map((r) => ({ ...r, score: Number(r.score) }));
}

/**
 * Ranked search across the record types the caller may read, in their workspace only, in two
 * steps so that it stays fast on a million records:
 * 1. word prefixes (full text, GIN index): every word of the query starts a word of the record;
 *    ranked by full-text rank, then the shorter (closer) text first;
 * 2. only when that finds fewer than asked: each query word is corrected against the distinct
 *    words of the workspace's records (pg_trgm similarity on `search_words`), and the records are
 *    searched by prefix again with the corrections as alternatives — typos forgiven.
 */
export async function globalSearch(ctx: WorkspaceCtx, input: { q: string; limit: number; types: RecordObject[] }): Promise<SearchHit[]> {
  const q = input.q.trim().toLowerCase().slice(0, 100);
  const tsq = prefixQuery(q);
  if (!tsq || input.types.length === 0) return [];

  const prefix = await run(
    ctx,
    perType(
      ctx,
      input.types,
      (a) => sql`${sql.raw(a)}.search_vector @@ to_tsquery('simple', ${tsq})`,
      (a) => sql`1 + ts_rank(${sql.raw(a)}.search_vector, to_tsquery('simple', ${tsq})) - length(${sql.raw(a)}.search_text) / 10000.0`,
      input.limit,
    ),
    input.limit,
  );
  if (prefix.length >= input.limit) return prefix;

  // Correct each word against the workspace's own words (a small table), then search by prefix
  // again with the corrections as alternatives: typo tolerance without scanning the records.
  const words = queryWords(q);
  await ctx.db.execute(sql`select set_config('pg_trgm.similarity_threshold', '0.25', true)`);
  const rows = await ctx.db.execute<{ w: string; word: string }>(sql`
    select q.w, s.word from unnest(${textArray(words)}) as q(w)
    cross join lateral (
      select word from search_words where workspace_id = ${ctx.workspaceId} and word % q.w
      order by similarity(word, q.w) desc limit 3
    ) s`);
  const alternatives = new Map<string, Set<string>>(words.map((w) => [w, new Set([w])]));
  for (const r of rows) alternatives.get(r.w)?.add(r.word);
  const corrected = words.map((w) => `(${[...alternatives.get(w)!].map((x) => `${x}:*`).join(" | ")})`).join(" & ");
  const fuzzy =
    rows.length === 0
      ? []
      : await run(
          ctx,
          perType(
            ctx,
            input.types,
            (a) => sql`${sql.raw(a)}.search_vector @@ to_tsquery('simple', ${corrected})`,
            (a) => sql`ts_rank(${sql.raw(a)}.search_vector, to_tsquery('simple', ${corrected})) - length(${sql.raw(a)}.search_text) / 10000.0`,
            input.limit,
          ),
          input.limit,
        );
  const seen = new Set(prefix.map((h) => h.id));
  return [...prefix, ...fuzzy.filter((h) => !seen.has(h.id))].slice(0, input.limit);
}
