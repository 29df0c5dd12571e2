/**
 * `npm run bench:lists`: server-side latency of list pages and search on the seed:large workspace
 * (run `npm run seed:large` first). Calls the tRPC procedures in-process, as the API does, and
 * prints p50/p95/p99 per query.
 */
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { createCaller } from "@/server/api/root";
import { createDatabase } from "@/server/db/client";
import { createLogger } from "@/server/observability/logger";
import { databaseForScript } from "../lib/database-for-script";

const RUNS = Number(process.env.BENCH_RUNS ?? 200);

function percentile(sorted: number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function main() {
  const target = await databaseForScript();
  const database = createDatabase(target.url, { max: 4 });
  try {
    const [row] = await database.db.execute<{ user_id: string; workspace_id: string; contacts: string }>(sql`
      select m.user_id, m.workspace_id, (select count(*) from contacts c where c.workspace_id = m.workspace_id) contacts
      from users u join memberships m on m.user_id = u.id where lower(u.email) = 'scale@demo.mycrm.local'`);
    if (!row) throw new Error("no scale workspace: run `npm run seed:large` first");
    const api = createCaller({
      db: database.db,
      user: { id: row.user_id, email: null, name: null },
      apiKey: null,
      workspaceId: row.workspace_id,
      requestId: randomUUID(),
      log: createLogger("bench", "silent"),
      authSecret: "x".repeat(32),
    });
    process.stdout.write(`Workspace with ${Number(row.contacts).toLocaleString("en")} contacts; ${RUNS} runs each, server side (in-process tRPC call, one at a time).\n\n`);
    const cases: [string, () => Promise<unknown>][] = [
      ["contacts: first page (50, sorted by name)", () => api.contacts.list({ limit: 50 })],
      ["contacts: filtered 'moreno', sorted, 50", () => api.contacts.list({ limit: 50, search: "moreno" })],
      ["contacts: filtered 'ada.pat', sorted, 50", () => api.contacts.list({ limit: 50, search: "ada.pat" })],
      ["companies: filtered 'harbor', sorted, 50", () => api.companies.list({ limit: 50, search: "harbor" })],
      ["deals: first page (50, by stage)", () => api.deals.list({ limit: 50 })],
      ["search: 'ada mor' (prefix)", () => api.search.global({ q: "ada mor", limit: 20 })],
      ["search: 'morneo' (typo)", () => api.search.global({ q: "morneo", limit: 20 })],
      ["search: 'summit logistics'", () => api.search.global({ q: "summit logistics", limit: 20 })],
    ];
    // Table views (records.query): typed filters and sorts, keyset pages.
    const [score] = await database.db.execute<{ id: string }>(
      sql`select id from custom_fields where workspace_id = ${row.workspace_id} and object = 'contact' and label = 'Score'`,
    );
    const byName = [{ field: "name", direction: "asc" as const }];
    const customers = { combinator: "and" as const, conditions: [{ field: "lifecycleStage", operator: "any_of" as const, value: ["customer"] }] };
    const page2 = (await api.records.query({ object: "contact", filter: customers, sorts: byName, limit: 50 })).nextCursor;
    let deep: string | null = null;
    for (let i = 0; i < 20; i++) deep = (await api.records.query({ object: "contact", sorts: [{ field: "updatedAt", direction: "desc" }], cursor: deep, limit: 50 })).nextCursor;
    cases.push(
      ["view: contacts, customers, by name, 50", () => api.records.query({ object: "contact", filter: customers, sorts: byName, limit: 50 })],
      ["view: same, page 2 (cursor)", () => api.records.query({ object: "contact", filter: customers, sorts: byName, cursor: page2, limit: 50 })],
      ["view: contacts by last change, page 21", () => api.records.query({ object: "contact", sorts: [{ field: "updatedAt", direction: "desc" }], cursor: deep, limit: 50 })],
      [
        "view: contacts, email contains 'moreno' OR name",
        () =>
          api.records.query({
            object: "contact",
            filter: { combinator: "or", conditions: [{ field: "email", operator: "contains", value: "moreno" }, { field: "name", operator: "contains", value: "moreno" }] },
            sorts: byName,
            limit: 50,
          }),
      ],
      ...(score
        ? ([
            [
              "view: contacts, Score > 90 AND customer",
              () =>
                api.records.query({
                  object: "contact",
                  filter: { combinator: "and", conditions: [...customers.conditions, { field: `custom.${score.id}`, operator: "gt", value: 90 }] },
                  sorts: byName,
                  limit: 50,
                }),
            ],
          ] as [string, () => Promise<unknown>][])
        : []),
      ["view: deals grouped by stage, by amount", () => api.records.query({ object: "deal", groupBy: "stage", sorts: [{ field: "amount", direction: "desc" }], limit: 50 })],
      ["view: deal groups (counts per stage)", () => api.records.groups({ object: "deal", groupBy: "stage" })],
      ["view: contacts count, customers", () => api.records.count({ object: "contact", filter: customers })],
    );
    process.stdout.write(`${"query".padEnd(46)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)}\n`);
    for (const [name, run] of cases) {
      for (let i = 0; i < 10; i++) await run(); // warm up
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        await run();
        times.push(performance.now() - start);
      }
      times.sort((a, b) => a - b);
      const ms = (v: number) => `${v.toFixed(1)} ms`.padStart(8);
      process.stdout.write(`${name.padEnd(46)} ${ms(percentile(times, 50))} ${ms(percentile(times, 95))} ${ms(percentile(times, 99))}\n`);
    }
  } finally {
    await database.close();
    await target.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).message}\n`);
  process.exit(1);
});
