import { createDatabase } from "@/server/db/client";
import { exitOnEnvError } from "@/server/env-core";
import { createLogger } from "@/server/observability/logger";
import { collabEnv } from "./env";
import { createCollabServer } from "./server";

async function main() {
  let e;
  try {
    e = collabEnv();
  } catch (error) {
    exitOnEnvError(error);
  }
  const log = createLogger("collab", e.LOG_LEVEL);
  const database = createDatabase(e.DATABASE_URL, { applicationName: "mycrm-collab" });
  // One connection for the update log: its appends go one after another, and never queue for a
  // connection behind document loads, snapshots and record writes.
  const logDatabase = createDatabase(e.DATABASE_URL, { max: 1, applicationName: "mycrm-collab-log" });
  const server = createCollabServer({
    db: database.db,
    logDb: logDatabase.db,
    secret: e.AUTH_SECRET,
    log,
    port: e.COLLAB_PORT,
    host: e.COLLAB_HOST,
    redisUrl: e.REDIS_URL,
  });
  await server.listen();
  log.info({ port: e.COLLAB_PORT, redis: Boolean(e.REDIS_URL) }, `collab-server listening on ws://localhost:${e.COLLAB_PORT}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "collab-server stopping: storing open documents");
    await server.destroy(); // stores every loaded document before closing
    await Promise.all([database.close(), logDatabase.close()]);
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  // Started by the launcher: stop if it goes away, whatever way it went.
  process.on("disconnect", () => void stop("launcher gone"));
}

main().catch((error: unknown) => {
  process.stderr.write(`The collab-server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
