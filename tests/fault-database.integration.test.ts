/**
 * Fault: PostgreSQL stopped and started again under load. The API answers every request while it
 * is down — quickly, with 503 and a sentence (no hang, no crash, no 500) — and serves again by
 * itself once it is back; every write it acknowledged is there after the restart.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { createDatabase, type Database } from "@/server/db/client";
import { companies } from "@/server/db/schema";
import { signUp } from "@/server/domain/auth/sign-up";
import { createLogger } from "@/server/observability/logger";
import { migrateDatabase, prepareAppRole } from "../scripts/lib/migrate";
import { startApiServer } from "./api-server";
import { TEST_SECRET } from "./helpers";

const root = resolve(import.meta.dirname, "..");
const dataDir = resolve(root, `.data/fault-pg-${process.pid}`);
const port = 55_400 + (process.pid % 500);

/** A PostgreSQL of this test's own (the shared one cannot be stopped under the other tests). */
async function startPostgres(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(root, "scripts/lib/embedded-db-process.ts")], {
    cwd: root,
    env: { ...process.env, EMBEDDED_PG_DIR: dataDir, EMBEDDED_PG_PORT: String(port), EMBEDDED_PG_DATABASE: "mycrm" },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  await new Promise<void>((ready, fail) => {
    createInterface({ input: child.stdout! }).on("line", (line) => line.startsWith("ready ") && ready());
    child.once("exit", (code) => fail(new Error(`PostgreSQL exited with ${code}`)));
  });
  return child;
}

async function stopPostgres(child: ChildProcess) {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const fn of cleanup.reverse()) await fn().catch(() => {});
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  name: string;
  status: number;
  ms: number;
  message: string;
  at: number;
}

describe("fault: PostgreSQL stopped and restarted under load", () => {
  it("answers 503 with a sentence while it is down, recovers by itself, and loses no acknowledged write", { timeout: 150_000 }, async () => {
    let pg = await startPostgres();
    cleanup.push(() => stopPostgres(pg));
    const ownerUrl = `postgres://postgres:mycrm@127.0.0.1:${port}/mycrm`;
    await migrateDatabase(ownerUrl);
    const appUrl = await prepareAppRole(ownerUrl, randomBytes(18).toString("base64url"));
    const owner: Database = createDatabase(ownerUrl, { max: 2 });
    const app: Database = createDatabase(appUrl, { max: 6, applicationName: "mycrm-fault-web" });
    cleanup.push(() => owner.close(), () => app.close());
    const { user, workspace } = await signUp(owner.db, { name: "Load Tester", email: "load@example.test", password: "correct-horse-battery", workspaceName: "Load" });
    const caller = createCaller({ db: app.db, user: { id: user.id, email: user.email, name: user.name }, apiKey: null, workspaceId: workspace.id, requestId: randomUUID(), log: createLogger("test", "silent"), authSecret: TEST_SECRET });
    const key = (await caller.apiKeys.create({ name: "load", access: "write", objects: ["company"] })).token;
    const server = await startApiServer({ db: app.db });
    cleanup.push(() => server.close());

    // Four clients writing companies as fast as they are answered.
    const answers: Answer[] = [];
    let running = true;
    const t0 = performance.now();
    const client = async (n: number) => {
      for (let i = 0; running; i++) {
        const name = `load-${n}-${i}`;
        const start = performance.now();
        const res = await fetch(`${server.base}/api/v1/companies`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ name }),
          signal: AbortSignal.timeout(20_000),
        }).catch((error: Error) => ({ status: 0, text: async () => error.message }));
        const text = await res.text();
        answers.push({ name, status: res.status, ms: performance.now() - start, message: text.slice(0, 200), at: start - t0 });
        if (res.status !== 200) await new Promise((r) => setTimeout(r, 50));
      }
    };
    const clients = [0, 1, 2, 3].map(client);
    const waitUntil = async (what: string, ok: () => boolean, ms: number) => {
      const deadline = performance.now() + ms;
      while (!ok()) {
        if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    await waitUntil("writes before the stop", () => answers.filter((a) => a.status === 200).length >= 20, 20_000);

    // Stopped.
    const stoppedAt = performance.now() - t0;
    await stopPostgres(pg);
    await waitUntil("answers while it is down", () => answers.filter((a) => a.at > stoppedAt + 500).length >= 12, 60_000);
    const health = await fetch(`${server.base}/api/core/health`);
    expect(health.status).toBe(503);

    // Started again: the same pools find it by themselves.
    const restartedAt = performance.now() - t0;
    pg = await startPostgres();
    await waitUntil("writes after the restart", () => answers.filter((a) => a.at > restartedAt && a.status === 200).length >= 20, 60_000);
    running = false;
    await Promise.all(clients);

    const down = answers.filter((a) => a.at > stoppedAt + 500 && a.at + a.ms < restartedAt);
    expect(down.length).toBeGreaterThan(0);
    // While down: 503 with a sentence, quickly — never a hang, a 500 or a dropped connection.
    expect(down.filter((a) => a.status !== 503)).toEqual([]);
    expect(down[0]!.message).toContain("The database is not reachable right now");
    expect(Math.max(...down.map((a) => a.ms))).toBeLessThan(8_000);
    expect(answers.filter((a) => a.status === 500 || a.status === 0)).toEqual([]);

    // Every acknowledged write is there.
    const acknowledged = answers.filter((a) => a.status === 200).map((a) => a.name);
    const stored = await owner.db.select({ name: companies.name }).from(companies).where(inArray(companies.name, acknowledged));
    expect(stored.length).toBe(acknowledged.length);
    const statuses = Object.entries(Object.groupBy(answers, (a) => String(a.status))).map(([s, list]) => `${s}: ${list!.length}`);
    console.info(`database outage under load: ${statuses.join(", ")}; slowest answer while down ${Math.round(Math.max(...down.map((a) => a.ms)))} ms`);
  });
});
