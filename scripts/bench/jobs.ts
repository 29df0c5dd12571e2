/**
 * Jobs: how many trivial jobs a second go through the worker, against graphile-worker as it comes
 * in the same run. Each drains the same number of queued jobs with 5 at a time:
 *
 * - the peer: graphile-worker's `run()` with one task that does nothing;
 * - ours: the worker process as `npm start` runs it (the application role, heartbeats, metrics),
 *   with a real but trivial job — a password reset asked for an address no account has, which
 *   costs one lookup.
 */
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { Logger, run } from "graphile-worker";
import postgres from "postgres";
import { freePort, root, startServer, stopServer, usage, type BenchResult, type BenchRow } from "./lib";

const JOBS = Number(process.env.BENCH_JOBS ?? 3000);

async function queued(sql: postgres.Sql, task: string) {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id where t.identifier = ${task}`;
  return row?.n ?? 0;
}

/** Queues the jobs in one statement, then times until the queue of that task is empty. */
async function drain(sql: postgres.Sql, task: string, payload: (i: number) => unknown, cpuOf: () => number) {
  const payloads = Array.from({ length: JOBS }, (_, i) => JSON.stringify(payload(i)));
  const cpuBefore = cpuOf();
  const start = performance.now();
  await sql`select graphile_worker.add_job(${task}, p::json) from unnest(${payloads}::text[]) as p`;
  while ((await queued(sql, task)) > 0) await new Promise((r) => setTimeout(r, 25));
  const seconds = (performance.now() - start) / 1000;
  return { rate: JOBS / seconds, cpu: (cpuOf() - cpuBefore) / seconds };
}

export async function jobsBench(db: { ownerUrl: string; appUrl: string }): Promise<BenchResult[]> {
  const sql = postgres(db.ownerUrl, { max: 2, onnotice: () => {} });
  const rows: BenchRow[] = [];
  try {
    // The peer, in this process (its CPU is this process's, the queueing included).
    // Quiet, as ours is (its default logger prints a line per job).
    const quiet = new Logger(() => () => {});
    const runner = await run({ logger: quiet, connectionString: db.ownerUrl, concurrency: 5, noHandleSignals: true, pollInterval: 1000, taskList: { bench_noop: async () => {} } });
    const own = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const peer = await drain(sql, "bench_noop", () => ({}), own);
    await runner.stop();
    rows.push({ subject: "graphile-worker 0.18, a task that does nothing", throughput: peer.rate, unit: "jobs/s", cpu: peer.cpu });

    const port = await freePort();
    const worker = await startServer(
      ["--import", "tsx", join(root, "jobs/index.ts")],
      { DATABASE_URL: db.appUrl, AUTH_SECRET: randomUUID() + randomUUID(), WORKER_PORT: String(port), LOG_LEVEL: "warn" },
      `http://127.0.0.1:${port}/health`,
    );
    try {
      const ours = await drain(sql, "send_password_reset_email", (i) => ({ requestId: randomUUID(), email: `nobody-${i}@bench.local`, ip: null }), () => usage(worker.pid!).cpu);
      rows.push({
        subject: "MyCRM worker, a reset asked for an unknown address (one lookup)",
        throughput: ours.rate,
        unit: "jobs/s",
        cpu: ours.cpu,
        peakMb: usage(worker.pid!).peakMb,
        vsPeer: `${Math.round((ours.rate / peer.rate) * 100)}% of the peer`,
      });
    } finally {
      await stopServer(worker);
    }
  } finally {
    await sql.end();
  }
  return [
    {
      name: "jobs",
      setup: `${JOBS.toLocaleString("en")} jobs queued at once, timed until the queue is empty, 5 at a time. CPU: the worker's process (the peer's includes this benchmark's own queueing).`,
      rows,
      notes: ["Add-job→start latency is not measured yet."],
    },
  ];
}
