/**
 * What the benchmarks share: the database they run against (as `npm start` sets it up), servers
 * under test started as processes of their own (so their CPU and peak memory can be read from
 * /proc), free ports, percentiles, and the machine's facts for the report's header.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { encode } from "next-auth/jwt";
import postgres from "postgres";
import { createCaller } from "@/server/api/root";
import { createDatabase } from "@/server/db/client";
import { signUp } from "@/server/domain/auth/sign-up";
import { createLogger } from "@/server/observability/logger";
import { databaseForScript } from "../lib/database-for-script";
import { migrateDatabase, prepareAppRole } from "../lib/migrate";
export { freePort } from "../lib/free-port";

export const root = resolve(import.meta.dirname, "../..");

/** One benchmark's figures: rows of a table, and the peer ratio where there is a peer. */
export interface BenchResult {
  name: string;
  /** What was measured and how, in a sentence. */
  setup: string;
  rows: BenchRow[];
  /** A table of its own, for figures the columns of `rows` do not fit (page loads). */
  table?: { columns: string[]; rows: string[][] };
  notes?: string[];
}

export interface BenchRow {
  subject: string;
  /** Requests (or jobs, rows…) per second. */
  throughput?: number;
  unit?: string;
  p50?: number;
  p95?: number;
  p99?: number;
  /** CPU of the server under test, in cores (1 = one core busy all the time). */
  cpu?: number;
  peakMb?: number;
  /** Our throughput as a share of the peer's (or the peer's latency over ours). */
  vsPeer?: string;
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function summarise(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

/**
 * A server under test: a Node process of its own, ready once `readyUrl` answers. `cwd`: another
 * checkout, for a before/after; `inspectPort`: an inspector to reach its heap (whose attach and
 * detach lines are kept out of the benchmark's output).
 */
export function startServer(args: string[], env: Record<string, string>, readyUrl: string, opts: { cwd?: string; inspectPort?: number } = {}): Promise<ChildProcess> {
  const inspect = opts.inspectPort ? ["--inspect-publish-uid=http", `--inspect=127.0.0.1:${opts.inspectPort}`] : [];
  const child = spawn(process.execPath, [...inspect, ...args], { cwd: opts.cwd ?? root, env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  createInterface({ input: child.stderr! }).on("line", (line) => {
    if (!/^(Debugger attached|Waiting for the debugger|Debugger listening|For help, see)/.test(line)) process.stderr.write(`${line}\n`);
  });
  return new Promise((ready, fail) => {
    child.once("exit", (code) => fail(new Error(`${args.join(" ")} exited with ${code}`)));
    const poll = async () => {
      if (await fetch(readyUrl).then((r) => r.status < 500, () => false)) ready(child);
      else setTimeout(() => void poll(), 100);
    };
    void poll();
  });
}

export async function stopServer(child: ChildProcess) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  child.kill("SIGKILL");
}

/** CPU seconds a process has used so far, and its peak resident memory in MB (Linux /proc). */
export function usage(pid: number) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticks = Number(stat[11]) + Number(stat[12]);
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return { cpu: ticks / 100, peakMb: hwm ? Number(hwm[1]) / 1024 : 0 };
}

/**
 * The database the benchmarks use: DATABASE_URL, or the embedded one of `npm start` (started if
 * it is not running). Migrated; the application role gets the launcher's own password (from the
 * data folder), so a running `npm start` is not disturbed.
 */
export async function benchDatabase() {
  const target = await databaseForScript();
  await migrateDatabase(target.url);
  const dataDir = resolve(root, process.env.MYCRM_DATA_DIR ?? ".data");
  const file = join(dataDir, "app-db-password");
  let password = process.env.APP_DB_PASSWORD;
  if (!password && existsSync(file)) password = readFileSync(file, "utf8").trim();
  if (!password) {
    password = randomBytes(18).toString("base64url");
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, password, { mode: 0o600 });
  }
  const appUrl = await prepareAppRole(target.url, password);
  return { ownerUrl: target.url, appUrl, stop: target.stop };
}

/** The machine the figures come from. */
export async function machineFacts(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ version: string }[]>`select version()`;
  await sql.end();
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    postgres: row?.version.split(" on ")[0] ?? "unknown",
    platform: `${process.platform} ${process.arch}`,
  };
}

/**
 * A new workspace for a benchmark: its owner signed up (through the database owner, as sign-up
 * runs), and a tRPC caller acting as them through the application role, as the API does. `owner`
 * stays open for the benchmark's own statements until `close`.
 */
export async function benchWorkspace(db: { ownerUrl: string; appUrl: string }, label: string, secret: string) {
  const owner = createDatabase(db.ownerUrl, { max: 2 });
  const app = createDatabase(db.appUrl, { max: 2 });
  const close = async () => void (await Promise.all([app.close(), owner.close()]));
  try {
    const slug = label.toLowerCase().replace(/\W+/g, "-");
    const { user, workspace } = await signUp(owner.db, {
      name: `${label} Bench`,
      email: `${slug}-bench-${randomUUID().slice(0, 8)}@bench.local`,
      password: `${slug}-bench-password-1`,
      workspaceName: `${label} bench`,
    });
    const api = createCaller({ db: app.db, user, apiKey: null, workspaceId: workspace.id, requestId: randomUUID(), log: createLogger("bench", "silent"), authSecret: secret });
    return { user, workspace, api, owner, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** next-auth's session cookie (over plain http), and its value for a signed-in person of servers started with `secret`. */
export const SESSION_COOKIE = "next-auth.session-token";
export function sessionToken(user: { id: string; email: string | null; name: string | null }, secret: string): Promise<string> {
  return encode({ token: { sub: user.id, email: user.email, name: user.name, authTime: Date.now() }, secret });
}

/** The Cookie header of a signed-in person. */
export async function sessionCookie(user: { id: string; email: string | null; name: string | null }, secret: string): Promise<string> {
  return `${SESSION_COOKIE}=${await sessionToken(user, secret)}`;
}
