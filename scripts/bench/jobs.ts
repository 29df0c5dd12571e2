/**
 * Jobs, against graphile-worker as it comes, in the same run:
 *
 * - throughput: how many trivial jobs a second go through. Each drains the same number of queued
 *   jobs with 5 at a time;
 * - latency: jobs added one at a time at a steady rate (20 a second for 10 s) to an otherwise
 *   empty queue, each timed from its add_job to the moment a worker takes it.
 *
 * The subjects:
 *
 * - the peer: graphile-worker's `run()` with tasks that do nothing;
 * - ours: the worker process as `npm start` runs it (the application role, heartbeats, metrics),
 *   with a real but trivial job — a password reset asked for an address no account has, which
 *   costs one lookup.
 *
 * Latency is read in one clock, PostgreSQL's `clock_timestamp()`, for both subjects alike: for the
 * run only, row triggers on graphile-worker's jobs table note when each marked job is inserted (in
 * add_job), locked by a worker (its `locked_at` set: the worker has taken it and runs the task
 * next) and deleted (completed). Nothing in the worker changes. The peer, in this process, is also
 * timed in the benchmark's clock (just before add_job → the task function called), to show what
 * the database clock leaves out.
 */
import { loadavg } from "node:os";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import { Logger, run, type Runner } from "graphile-worker";
import postgres from "postgres";
import { freePort, root, startServer, stopServer, summarise, usage, type BenchResult, type BenchRow } from "./lib";

const JOBS = Number(process.env.BENCH_JOBS ?? 3000);
/** Latency: jobs added a second, and for how long. */
const RATE = Number(process.env.BENCH_JOBS_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_JOBS_SECONDS ?? 10);

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

/**
 * The marks, for jobs whose payload has `benchMark` only (a running `npm start` on the same
 * database is not disturbed). The function runs as its owner (security definer), since our worker
 * takes jobs as the application role, which has no rights on the marks table.
 */
async function addMarks(sql: postgres.Sql) {
  await removeMarks(sql);
  await sql.unsafe(`
    create table public.bench_job_marks (job_id bigint primary key, added timestamptz not null, locked timestamptz, done timestamptz);
    create function public.bench_job_mark() returns trigger language plpgsql security definer set search_path = pg_catalog as $$
    begin
      if tg_op = 'INSERT' then
        insert into public.bench_job_marks (job_id, added) values (new.id, clock_timestamp());
      elsif tg_op = 'UPDATE' then
        update public.bench_job_marks set locked = clock_timestamp() where job_id = new.id and locked is null;
      else
        update public.bench_job_marks set done = clock_timestamp() where job_id = old.id;
      end if;
      return null;
    end $$;
    create trigger bench_job_added after insert on graphile_worker._private_jobs
      for each row when (new.payload->>'benchMark' is not null) execute function public.bench_job_mark();
    create trigger bench_job_locked after update of locked_at on graphile_worker._private_jobs
      for each row when (old.locked_at is null and new.locked_at is not null and new.payload->>'benchMark' is not null) execute function public.bench_job_mark();
    create trigger bench_job_done after delete on graphile_worker._private_jobs
      for each row when (old.payload->>'benchMark' is not null) execute function public.bench_job_mark();
  `);
}

async function removeMarks(sql: postgres.Sql) {
  await sql.unsafe(`
    drop trigger if exists bench_job_added on graphile_worker._private_jobs;
    drop trigger if exists bench_job_locked on graphile_worker._private_jobs;
    drop trigger if exists bench_job_done on graphile_worker._private_jobs;
    drop function if exists public.bench_job_mark();
    drop table if exists public.bench_job_marks;
  `);
}

/**
 * Adds RATE jobs a second for SECONDS, one statement each, on a schedule (not one after the other:
 * a slow add does not slow the rate down), then waits for all of them to complete. Returns, per
 * job in PostgreSQL's clock, add → locked and add → completed in ms, and when each add was called
 * in this process's clock.
 */
async function paced(sql: postgres.Sql, task: string, payload: (i: number) => Record<string, unknown>) {
  await sql`truncate public.bench_job_marks`;
  const n = RATE * SECONDS;
  const calledAt: number[] = [];
  const start = performance.now();
  const adds: Promise<unknown>[] = [];
  for (let i = 0; i < n; i++) {
    const wait = start + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    calledAt[i] = performance.now();
    // Sent now (a postgres.js query otherwise waits until it is awaited); as text, or postgres.js
    // would send the JSON text as a JSON string.
    adds.push(sql`select graphile_worker.add_job(${task}, ${JSON.stringify({ ...payload(i), benchMark: i })}::text::json)`.execute());
  }
  await Promise.all(adds);
  const deadline = performance.now() + 60_000;
  let marks: { started: number | null; done: number | null }[] = [];
  for (;;) {
    marks = await sql<{ started: number | null; done: number | null }[]>`
      select extract(epoch from locked - added)::float8 * 1000 as started, extract(epoch from done - added)::float8 * 1000 as done
      from public.bench_job_marks`;
    if (marks.length === n && marks.every((m) => m.done !== null)) break;
    if (performance.now() > deadline) throw new Error(`${task}: ${marks.filter((m) => m.done !== null).length} of ${n} paced jobs completed after a minute`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { started: marks.map((m) => m.started!), done: marks.map((m) => m.done!), calledAt };
}

const ms = (n: number) => `${n.toFixed(1)} ms`;
const signed = (n: number) => `${n < 0 ? "−" : "+"}${ms(Math.abs(n))}`;
/** graphile-worker's poll interval, the peer's and ours (jobs/index.ts). */
const POLL_MS = 1000;

export async function jobsBench(db: { ownerUrl: string; appUrl: string }): Promise<BenchResult[]> {
  const sql = postgres(db.ownerUrl, { max: 2, onnotice: () => {} });
  const rows: BenchRow[] = [];
  const latency: BenchRow[] = [];
  // The machine may be shared: a busy one slows every figure down.
  const notes: string[] = [`Load average when the run started: ${loadavg()[0]!.toFixed(1)}.`];
  const offered = { throughput: RATE, unit: "jobs/s offered" };
  try {
    await addMarks(sql);
    // The peer, in this process (its CPU is this process's, the queueing included).
    // Quiet, as ours is (its default logger prints a line per job).
    const quiet = new Logger(() => () => {});
    // When each paced job's task was called, in this process's clock.
    const taskCalled = new Map<number, number>();
    const runner: Runner = await run({
      logger: quiet,
      connectionString: db.ownerUrl,
      concurrency: 5,
      noHandleSignals: true,
      pollInterval: POLL_MS,
      taskList: {
        bench_noop: async () => {},
        bench_latency: async (payload) => {
          taskCalled.set((payload as { benchMark: number }).benchMark, performance.now());
        },
      },
    });
    const own = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    let peerLatency: Awaited<ReturnType<typeof paced>>;
    let peer: Awaited<ReturnType<typeof drain>>;
    try {
      peer = await drain(sql, "bench_noop", () => ({}), own);
      peerLatency = await paced(sql, "bench_latency", () => ({}));
    } finally {
      await runner.stop();
    }
    rows.push({ subject: "graphile-worker 0.18, a task that does nothing", throughput: peer.rate, unit: "jobs/s", cpu: peer.cpu });
    const peerStart = summarise(peerLatency.started);
    latency.push(
      { subject: "graphile-worker 0.18: added → taken by a worker", ...offered, ...peerStart },
      {
        subject: "graphile-worker 0.18: add_job called → task running (benchmark's clock)",
        ...offered,
        ...summarise(peerLatency.calledAt.map((t, i) => taskCalled.get(i)! - t)),
      },
      { subject: "graphile-worker 0.18: added → completed", ...offered, ...summarise(peerLatency.done) },
    );

    const port = await freePort();
    const worker = await startServer(
      ["--import", "tsx", join(root, "jobs/index.ts")],
      { DATABASE_URL: db.appUrl, AUTH_SECRET: randomUUID() + randomUUID(), WORKER_PORT: String(port), LOG_LEVEL: "warn" },
      `http://127.0.0.1:${port}/health`,
    );
    try {
      const reset = (i: number) => ({ requestId: randomUUID(), email: `nobody-${i}@bench.local`, ip: null });
      const ours = await drain(sql, "send_password_reset_email", reset, () => usage(worker.pid!).cpu);
      rows.push({
        subject: "MyCRM worker, a reset asked for an unknown address (one lookup)",
        throughput: ours.rate,
        unit: "jobs/s",
        cpu: ours.cpu,
        peakMb: usage(worker.pid!).peakMb,
        vsPeer: `${Math.round((ours.rate / peer.rate) * 100)}% of the peer`,
      });
      const oursLatency = await paced(sql, "send_password_reset_email", reset);
      const oursStart = summarise(oursLatency.started);
      latency.push(
        { subject: "MyCRM worker: added → taken by a worker", ...offered, ...oursStart, vsPeer: `p50 ${signed(oursStart.p50 - peerStart.p50)}, p95 ${signed(oursStart.p95 - peerStart.p95)} vs the peer` },
        { subject: "MyCRM worker: added → completed (the one lookup)", ...offered, ...summarise(oursLatency.done) },
      );
      // A worker that missed the NOTIFY (no LISTEN) would take a job at its next poll: half the
      // poll interval on average.
      for (const [who, p50] of [["graphile-worker", peerStart.p50], ["our worker", oursStart.p50]] as const) {
        notes.push(
          p50 < POLL_MS / 10
            ? `${who}: jobs taken on NOTIFY (p50 ${ms(p50)}, the poll interval is ${POLL_MS} ms).`
            : `${who}: p50 ${ms(p50)} is of the order of the poll interval (${POLL_MS} ms): jobs look taken by polling, not on NOTIFY.`,
        );
      }
    } finally {
      await stopServer(worker);
    }
  } finally {
    await removeMarks(sql).catch(() => {});
    await sql.end();
  }
  return [
    {
      name: "jobs",
      setup: `${JOBS.toLocaleString("en")} jobs queued at once, timed until the queue is empty, 5 at a time. CPU: the worker's process (the peer's includes this benchmark's own queueing).`,
      rows,
    },
    {
      name: "jobs-latency",
      setup: `${RATE} jobs a second for ${SECONDS} s, added one at a time to an otherwise empty queue, 5 workers waiting (LISTEN/NOTIFY, polling every second). Timed in PostgreSQL's clock from the job's insert in add_job to its lock by a worker (the task runs next) and to its deletion (completed), by row triggers added for the run.`,
      rows: latency,
      notes,
    },
  ];
}
