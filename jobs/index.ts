import { recoverAbandonedJobs } from "./lib/recover";
import { EventEmitter } from "node:events";
import { createServer } from "node:http";
import { hostname } from "node:os";
import { Logger as WorkerLogger, run, type WorkerEvents } from "graphile-worker";
import client from "prom-client";
import { sql } from "drizzle-orm";
import { createDatabase } from "@/server/db/client";
import { workerHeartbeats } from "@/server/db/schema";
import { exitOnEnvError } from "@/server/env-core";
import { createLogger } from "@/server/observability/logger";
import { createMetrics } from "@/server/observability/metrics";
import { workerEnv } from "./env";
import { createTaskList, crontab } from "./task-list";

const HEARTBEAT_MS = 5_000;

async function main() {
  let e;
  try {
    e = workerEnv();
  } catch (error) {
    exitOnEnvError(error);
  }
  const log = createLogger("worker", e.LOG_LEVEL);
  const database = createDatabase(e.DATABASE_URL, { max: 4, applicationName: "mycrm-worker" });
  // The heartbeat has a connection of its own: jobs holding every other one (a slow mail
  // provider inside a transaction) must not make a live worker look dead.
  const heartbeatDb = createDatabase(e.DATABASE_URL, { max: 1, applicationName: "mycrm-worker-heartbeat" });
  const registry = createMetrics("worker");
  const jobs = new client.Counter({
    name: "mycrm_jobs_total",
    help: "Jobs run by task and result.",
    labelNames: ["task", "result"] as const,
    registers: [registry],
  });

  if (!e.RESEND_API_KEY) log.info("no mail key configured (RESEND_API_KEY): emails are kept in the outbox, not sent");

  const workerId = `${hostname()}:${process.pid}`;
  // graphile-worker's ids of our workers, beaten with the heartbeat: their locks are alive.
  const queueWorkerIds = new Set<string>();
  const beat = () =>
    heartbeatDb.db
      .insert(workerHeartbeats)
      .values({ workerId, queueWorkerIds: [...queueWorkerIds] })
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { seenAt: sql`now()`, queueWorkerIds: [...queueWorkerIds] } })
      .catch((error: unknown) => log.warn({ err: error }, "heartbeat failed"));
  await beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);
  // Jobs of workers that died mid-job go back to the queue (and run again: tasks are idempotent).
  const recover = () =>
    recoverAbandonedJobs(database.db, e.WORKER_RECOVER_AFTER_SECONDS, HEARTBEAT_MS / 1000)
      .then((gone) => gone.length && log.warn({ workers: gone }, "jobs of workers that stopped beating were given back to the queue"))
      .catch((error: unknown) => log.warn({ err: error }, "could not look for abandoned jobs"));
  const recovery = setInterval(recover, Math.min(10_000, e.WORKER_RECOVER_AFTER_SECONDS * 500));

  // graphile-worker's own messages, as structured lines like everything else.
  const workerLog = new WorkerLogger((scope) => (level, message, meta) => {
    const method = level === "warning" ? "warn" : level;
    log[method]({ ...scope, ...meta }, message);
  });

  // Our own emitter, passed in: the workers are made while run() starts, before it returns.
  const events: WorkerEvents = new EventEmitter();
  // Jobs are locked in the name of the pool (local queue) or of a single worker: both are ours.
  const ours = (id: string) => {
    queueWorkerIds.add(id);
    void beat();
  };
  events.on("pool:create", ({ workerPool }) => ours(workerPool.id));
  events.on("worker:create", ({ worker }) => ours(worker.workerId));
  events.on("pool:release", ({ workerPool }) => void queueWorkerIds.delete(workerPool.id));
  events.on("worker:release", ({ worker }) => void queueWorkerIds.delete(worker.workerId));
  const runner = await run({
    events,
    logger: workerLog,
    connectionString: e.DATABASE_URL,
    concurrency: e.WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: createTaskList(database.db, log, (task, ok) => jobs.inc({ task, result: ok ? "ok" : "error" }), {
      mail: { apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL, from: e.MAIL_FROM },
      appUrl: e.APP_URL,
      authSecret: e.AUTH_SECRET,
    }),
    crontab,
  });
  void recover();

  const http = createServer(async (req, res) => {
    if (req.url === "/metrics") {
      res.writeHead(200, { "content-type": registry.contentType });
      res.end(await registry.metrics());
    } else if (req.url === "/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "ok", workerId }));
    } else {
      res.writeHead(404).end();
    }
  });
  http.on("error", (error: NodeJS.ErrnoException) => {
    const reason = error.code === "EADDRINUSE" ? `port ${e.WORKER_PORT} is already in use (set WORKER_PORT to another port)` : error.message;
    process.stderr.write(`The worker could not start: ${reason}\n`);
    process.exit(1);
  });
  http.listen(e.WORKER_PORT, "0.0.0.0");
  log.info({ workerId, metricsPort: e.WORKER_PORT }, "worker running");

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "worker stopping: finishing running jobs");
    clearInterval(heartbeat);
    clearInterval(recovery);
    await runner.stop();
    http.close();
    await database.db.delete(workerHeartbeats).where(sql`${workerHeartbeats.workerId} = ${workerId}`).catch(() => {});
    await database.close();
    await heartbeatDb.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  // Started by the launcher: stop if it goes away, whatever way it went.
  process.on("disconnect", () => void stop("launcher gone"));
  await runner.promise;
}

main().catch((error: unknown) => {
  process.stderr.write(`The worker could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
