/**
 * `npm start`: the whole system on one machine.
 *  1. PostgreSQL: DATABASE_URL when set; otherwise an embedded server with its data in .data/pg.
 *  2. Migrations, and the demo workspace on the first start.
 *  3. The production build, made first when it is missing or stale.
 *  4. web, collab-server and worker under one supervisor with prefixed log lines. If one of them
 *     dies the supervisor says which and stops the others (a half-running CRM is worse than a
 *     stopped one), then exits non-zero.
 * Ctrl-C or SIGTERM stops the three processes, then the embedded database.
 * `--dev` (npm run dev): no production build; Next in development mode with hot reload, and each
 * process restarted when its server code changes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { z } from "zod";
import { createDatabase } from "@/server/db/client";
import { databaseUrl, exitOnEnvError, optionalUrl, parseEnv, port } from "@/server/env-core";
import { buildStaleness, runBuild } from "./lib/build";
import { migrateDatabase, prepareAppRole } from "./lib/migrate";
import { DEMO_PASSWORD, demoUsers, seedIfEmpty } from "./lib/seed";

const root = resolve(import.meta.dirname, "..");
const dev = process.argv.includes("--dev");
const tty = process.stdout.isTTY;
const paint = (code: number, s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
const colors: Record<string, number> = { db: 90, web: 36, collab: 35, worker: 33, build: 34, mycrm: 32 };
const say = (who: string, line: string) => process.stdout.write(`${paint(colors[who] ?? 0, `[${who}]`.padEnd(9))}${line}\n`);

let e: z.infer<typeof schema>;
const schema = z.object({
  // Empty counts as unset: the embedded database is used.
  DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), databaseUrl.optional()),
  /** What the app processes connect with (the mycrm_app role); derived from DATABASE_URL when unset. */
  APP_DATABASE_URL: z.preprocess((v) => (v === "" ? undefined : v), databaseUrl.optional()),
  REDIS_URL: optionalUrl,
  PORT: port(3000),
  COLLAB_PORT: port(3001),
  WORKER_PORT: port(3002),
  EMBEDDED_PG_PORT: port(54329),
  MYCRM_DATA_DIR: z.string().default(".data"),
  AUTH_SECRET: z.string().min(32, { message: "It must be at least 32 characters." }).optional(),
  APP_URL: z.url().optional(),
  COLLAB_PUBLIC_URL: z.url().optional(),
  /** Demo data goes into the embedded database by default, never into a given one unless asked. */
  SEED_DEMO: z.enum(["true", "false", "auto"]).default("auto"),
});
try {
  e = parseEnv("MyCRM", schema);
} catch (error) {
  exitOnEnvError(error);
}

const dataDir = resolve(root, e.MYCRM_DATA_DIR);
const children = new Map<string, ChildProcess>();
let dbChild: ChildProcess | undefined;
let shuttingDown = false;

function relay(who: string, child: ChildProcess) {
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on("line", (line) => say(who, line));
  }
}

/** The secret that signs sessions: from the environment, or made once and kept in the data folder. */
function authSecret(): string {
  if (e.AUTH_SECRET) return e.AUTH_SECRET;
  const file = join(dataDir, "auth-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The application role's password, generated once into the data folder like the auth secret. */
function appRolePassword(): string {
  const file = join(dataDir, "app-db-password");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const password = randomBytes(24).toString("base64url");
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}

async function startEmbeddedDatabase(): Promise<string> {
  say("db", `DATABASE_URL is not set: starting the embedded PostgreSQL (data in ${join(e.MYCRM_DATA_DIR, "pg")}, port ${e.EMBEDDED_PG_PORT})`);
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/lib/embedded-db-process.ts")], {
    cwd: root,
    env: { ...process.env, EMBEDDED_PG_DIR: join(dataDir, "pg"), EMBEDDED_PG_PORT: String(e.EMBEDDED_PG_PORT) },
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    detached: true, // its own process group: Ctrl-C reaches us, and we stop it last
  });
  dbChild = child;
  await new Promise<void>((ready, fail) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      if (line.startsWith("ready ")) ready();
      else say("db", line);
    });
    createInterface({ input: child.stderr! }).on("line", (line) => say("db", line));
    child.on("exit", (code) => {
      if (shuttingDown) return;
      const error = new Error(`the embedded PostgreSQL stopped (exit code ${code})`);
      fail(error);
      // After start-up: the processes cannot work without it.
      say("mycrm", paint(31, `✖ ${error.message}. Stopping the others.`));
      void shutdown(1);
    });
  });
  return `postgres://postgres:mycrm@127.0.0.1:${e.EMBEDDED_PG_PORT}/mycrm`;
}

function startProcess(who: string, entry: string, env: NodeJS.ProcessEnv) {
  // In development each process restarts when its server code changes; the web process watches
  // only server code, since Next reloads pages itself and rewrites files under .next.
  const watch = who === "web" ? ["--watch-path=./src/server", "--watch-path=./src/shared"] : ["--watch"];
  const args = [...(dev ? [...watch, "--watch-preserve-output"] : []), "--import", "tsx", join(root, entry)];
  const child = spawn(process.execPath, args, {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe", "ipc"],
    detached: true,
  });
  children.set(who, child);
  relay(who, child);
  child.on("exit", (code, signal) => {
    children.delete(who);
    if (shuttingDown) return;
    say("mycrm", paint(31, `✖ ${who} stopped unexpectedly (${signal ?? `exit code ${code}`}). Stopping the others.`));
    void shutdown(1);
  });
}

/** Each child leads its own process group: signal the group, so nothing it started survives it. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    child.kill(signal);
  }
}

async function stopChild(child: ChildProcess, timeoutMs: number) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((done) => {
    const timer = setTimeout(() => {
      signalGroup(child, "SIGKILL");
      done();
    }, timeoutMs);
    child.once("exit", () => {
      clearTimeout(timer);
      done();
    });
    // The embedded database child stops its server itself on SIGTERM; the app processes take
    // their watchers (development mode) with them.
    if (child === dbChild) child.kill("SIGTERM");
    else signalGroup(child, "SIGTERM");
  });
}

async function shutdown(code: number) {
  if (shuttingDown) return;
  shuttingDown = true;
  say("mycrm", "Stopping web, collab-server and worker…");
  await Promise.all([...children.values()].map((c) => stopChild(c, 10_000)));
  if (dbChild) {
    say("mycrm", "Stopping the embedded PostgreSQL…");
    await stopChild(dbChild, 15_000);
  }
  say("mycrm", "Stopped.");
  process.exit(code);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));

async function main() {
  mkdirSync(dataDir, { recursive: true });
  const url = e.DATABASE_URL ?? (await startEmbeddedDatabase());
  if (e.DATABASE_URL) say("db", "Using the PostgreSQL server in DATABASE_URL");

  say("db", "Applying migrations");
  try {
    await migrateDatabase(url);
  } catch (error) {
    const message = (error as Error).message;
    const where = e.DATABASE_URL ? "the database at DATABASE_URL" : "the embedded database";
    throw new Error(`could not reach or migrate ${where}: ${message}`);
  }

  // The app processes connect as mycrm_app: no table is theirs, row-level security applies.
  let appDbUrl = e.APP_DATABASE_URL;
  if (!appDbUrl) {
    try {
      appDbUrl = await prepareAppRole(url, appRolePassword());
    } catch (error) {
      throw new Error(
        `could not set the password of the mycrm_app role (${(error as Error).message}); give DATABASE_URL a role that may, or set APP_DATABASE_URL to mycrm_app's own URL`,
      );
    }
  }

  let seeded = false;
  if (e.SEED_DEMO === "true" || (e.SEED_DEMO === "auto" && !e.DATABASE_URL)) {
    const database = createDatabase(url, { max: 2 });
    seeded = await seedIfEmpty(database.db);
    await database.close();
  }

  const stale = dev ? null : buildStaleness();
  if (stale) {
    say("build", `Building the web app first: ${stale}. This takes a minute.`);
    await runBuild((line) => say("build", line));
  }

  const appUrl = e.APP_URL ?? `http://localhost:${e.PORT}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: dev ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: appDbUrl,
    AUTH_SECRET: authSecret(),
    NEXTAUTH_URL: appUrl,
    APP_URL: appUrl,
    PORT: String(e.PORT),
    COLLAB_PORT: String(e.COLLAB_PORT),
    WORKER_PORT: String(e.WORKER_PORT),
    COLLAB_PUBLIC_URL: e.COLLAB_PUBLIC_URL ?? `ws://localhost:${e.COLLAB_PORT}`,
    COLLAB_INTERNAL_URL: `http://127.0.0.1:${e.COLLAB_PORT}`,
  };
  startProcess("collab", "collab-server/index.ts", env);
  startProcess("worker", "jobs/index.ts", env);
  startProcess("web", "src/server/web-server.ts", env);

  await waitForHttp(`http://127.0.0.1:${e.PORT}/api/core/health/`, 90_000);
  if (shuttingDown) return;
  say("mycrm", paint(32, `MyCRM is running at ${appUrl}${dev ? " (development mode, hot reload)" : ""}`));
  if (seeded) {
    say("mycrm", "A demo workspace was created. Sign in as:");
    for (const u of demoUsers) say("mycrm", `  ${u.email.padEnd(26)} password: ${DEMO_PASSWORD}   (${u.role})`);
  }
  say("mycrm", "Press Ctrl-C to stop.");
}

async function waitForHttp(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !shuttingDown) {
    try {
      const r = await fetch(url);
      if (r.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  if (!shuttingDown) throw new Error(`the system did not report healthy within ${timeoutMs / 1000} s (see ${url})`);
}

main().catch((error: unknown) => {
  say("mycrm", paint(31, `MyCRM could not start: ${error instanceof Error ? error.message : String(error)}`));
  void shutdown(1);
});
