/**
 * API read and write, measured with autocannon against servers started as processes of their own:
 *
 * - read: a company by id through REST (API key) and through tRPC over HTTP (the session cookie,
 *   the route the browser uses), 64 connections; the same row served by a bare Node `http` server
 *   with postgres.js and one query, in the same run, as the ceiling — ours as a share of it;
 * - write: a deal update through tRPC (the row, its audit entry and its job in one transaction),
 *   16 connections.
 *
 * BENCH_BASELINE=dir also runs the same API door from another checkout (with its node_modules, e.g.
 * `git worktree add /tmp/before <rev> && ln -s "$PWD/node_modules" /tmp/before/`) against the same
 * database in the same run: before and after, side by side. Its migrations must be a prefix of ours.
 */
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import autocannon from "autocannon";
import { benchWorkspace, freePort, sessionCookie, root, startServer, stopServer, summarise, usage, type BenchResult, type BenchRow } from "./lib";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

interface Load {
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  connections: number;
}

/** Runs a load against a server process: throughput, latency percentiles, its CPU and peak memory. */
async function measure(subject: string, server: { pid?: number }, load: Load, seconds = SECONDS): Promise<BenchRow & { errors: number }> {
  // A short warm-up first: compiled code and full pools, not a cold start.
  await autocannon({ url: load.url, method: load.method ?? "GET", headers: load.headers, body: load.body, connections: load.connections, duration: 2 });
  const latencies: number[] = [];
  const before = usage(server.pid!);
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon(
      { url: load.url, method: load.method ?? "GET", headers: load.headers, body: load.body, connections: load.connections, duration: seconds },
      (error, res) => (error ? fail(error) : done(res)),
    );
    instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => latencies.push(ms));
  });
  const after = usage(server.pid!);
  const errors = result.errors + result.timeouts + result.non2xx;
  return {
    subject,
    throughput: result.requests.average,
    unit: "req/s",
    ...summarise(latencies),
    cpu: (after.cpu - before.cpu) / seconds,
    peakMb: after.peakMb,
    errors,
  };
}

export async function apiBench(db: { ownerUrl: string; appUrl: string }): Promise<BenchResult[]> {
  const secret = randomUUID() + randomUUID();
  const ws = await benchWorkspace(db, "API", secret);
  try {
    const { workspace, api } = ws;
    let company = { id: "" };
    for (let i = 0; i < 200; i++) company = await api.companies.create({ name: `Bench company ${i}`, domain: `bench-${i}.example`, tags: ["bench"] });
    const stage = (await api.deals.pipelines())[0]!.stages[0]!;
    const deal = await api.deals.create({ title: "Bench deal", stageId: stage.id, amount: 1000 });
    const key = (await api.apiKeys.create({ name: "bench", access: "write", objects: ["company", "deal"] })).token;
    const cookie = await sessionCookie(ws.user, secret);

    const ourPort = await freePort();
    const ours = await startServer(["--import", "tsx", join(root, "scripts/bench/servers/api.ts")], { DATABASE_URL: db.appUrl, AUTH_SECRET: secret, PORT: String(ourPort), ...(process.env.BENCH_PROFILE ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env.BENCH_PROFILE}` } : {}) }, `http://127.0.0.1:${ourPort}/api/openapi.json`);
    const baselineDir = process.env.BENCH_BASELINE;
    const baselinePort = baselineDir ? await freePort() : 0;
    const baseline = baselineDir
      ? await startServer(
          ["--import", "tsx", join(baselineDir, "scripts/bench/servers/api.ts")],
          { DATABASE_URL: db.appUrl, AUTH_SECRET: secret, PORT: String(baselinePort) },
          `http://127.0.0.1:${baselinePort}/api/openapi.json`,
          { cwd: baselineDir },
        )
      : null;
    const barePort = await freePort();
    const bare = await startServer(
      ["--import", "tsx", join(root, "scripts/bench/servers/bare-api.ts")],
      { DATABASE_URL: db.ownerUrl, WORKSPACE_ID: workspace.id, PORT: String(barePort) },
      `http://127.0.0.1:${barePort}/companies/${company.id}`,
    );
    const trpcInput = encodeURIComponent(JSON.stringify({ json: { id: company.id } }));
    // The same three loads against a server at `base` (ours, and the baseline's when there is one).
    const restRead = (base: string): Load => ({ url: `${base}/api/v1/companies/${company.id}`, headers: { authorization: `Bearer ${key}` }, connections: 64 });
    const trpcRead = (base: string): Load => ({ url: `${base}/api/trpc/companies.get?input=${trpcInput}`, headers: { cookie }, connections: 64 });
    const update = (base: string): Load => ({
      url: `${base}/api/trpc/deals.update`,
      method: "POST",
      headers: { cookie, "content-type": "application/json", origin: base },
      body: JSON.stringify({ json: { id: deal.id, title: "Bench deal, updated" } }),
      connections: 16,
    });
    const base = `http://127.0.0.1:${ourPort}`;
    const before = `http://127.0.0.1:${baselinePort}`;
    const read: (BenchRow & { errors: number })[] = [];
    const writes: (BenchRow & { errors: number })[] = [];
    try {
      const peer = await measure("bare Node http + postgres.js (ceiling)", bare, { url: `http://127.0.0.1:${barePort}/companies/${company.id}`, connections: 64 });
      read.push(
        peer,
        await measure("MyCRM REST GET /api/v1/companies/{id} (API key)", ours, restRead(base)),
        await measure("MyCRM tRPC companies.get over HTTP (session)", ours, trpcRead(base)),
      );
      if (baseline) read.push(await measure(`baseline (${baselineDir}) REST`, baseline, restRead(before)), await measure(`baseline (${baselineDir}) tRPC`, baseline, trpcRead(before)));
      for (const row of read.slice(1)) row.vsPeer = `${Math.round((row.throughput! / peer.throughput!) * 100)}% of the ceiling`;

      writes.push(await measure("MyCRM tRPC deals.update (row + audit + job)", ours, update(base)));
      if (baseline) writes.push(await measure(`baseline (${baselineDir}) deals.update`, baseline, update(before)));
      const errors = [...read, ...writes].reduce((n, row) => n + row.errors, 0);
      return [
        {
          name: "api-read",
          setup: `One company by id, 64 connections, ${SECONDS} s after a 2 s warm-up (autocannon); each server its own process; the API door as \`npm start\` serves it (rate limits counted in PostgreSQL, row-level security on).`,
          rows: read,
          notes: errors ? [`${errors} non-2xx answers or errors during the runs.`] : [],
        },
        {
          name: "api-write",
          setup: `A deal's title updated through tRPC with a session, 16 connections, ${SECONDS} s: the row, its audit entry and its timeline job in one transaction.`,
          rows: writes,
        },
      ];
    } finally {
      await Promise.all([stopServer(ours), stopServer(bare), ...(baseline ? [stopServer(baseline)] : [])]);
    }
  } finally {
    await ws.close();
  }
}
