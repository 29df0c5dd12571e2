import { createServer } from "node:http";
import { hostname } from "node:os";
import { Logger as WorkerLogger, run } from "graphile-worker";
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
  const registry = createMetrics("worker");
  const jobs = new client.Counter({
    name: "mycrm_jobs_total",
    help: "Jobs run by task and result.",
    labelNames: ["task", "result"] as const,
    registers: [registry],
  });

  if (!e.RESEND_API_KEY) log.info("no mail key configured (RESEND_API_KEY): emails are kept in the outbox, not sent");

  const workerId = `${hostname()}:${process.pid}`;
  const beat = () =>
    database.db
      .insert(workerHeartbeats)
      .values({ workerId })
      .onConflictDoUpdate({ target: workerHeartbeats.workerId, set: { seenAt: sql`now()` } })
      .catch((error: unknown) => log.warn({ err: error }, "heartbeat failed"));
  await beat();
  const heartbeat = setInterval(beat, HEARTBEAT_MS);

  // graphile-worker's own messages, as structured lines like everything else.
  const workerLog = new WorkerLogger((scope) => (level, message, meta) => {
    const method = level === "warning" ? "warn" : level;
    log[method]({ ...scope, ...meta }, message);
  });

  const runner = await run({
    logger: workerLog,
    connectionString: e.DATABASE_URL,
    concurrency: e.WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: createTaskList(database.db, log, (task, ok) => jobs.inc({ task, result: ok ? "ok" : "error" }), {
      mail: { apiKey: e.RESEND_API_KEY, baseUrl: e.RESEND_BASE_URL, from: e.MAIL_FROM },
      appUrl: e.APP_URL,
    }),
    crontab,
  });

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
    await runner.stop();
    http.close();
    await database.db.delete(workerHeartbeats).where(sql`${workerHeartbeats.workerId} = ${workerId}`).catch(() => {});
    await database.close();
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
