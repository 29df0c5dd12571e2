import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { encode } from "next-auth/jwt";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";

/**
 * `npm start` as a new user runs it: embedded PostgreSQL, migrations, demo data, the three
 * processes; SIGTERM stops everything; a second start comes back with the same data.
 * Needs the production build (npm test builds it first); a stale one is rebuilt, slowly.
 */
const root = resolve(import.meta.dirname, "..");
const dataDir = ".data/launcher-test";
const port = 3300;
const base = `http://127.0.0.1:${port}`;

let current: ChildProcess | undefined;
afterAll(() => current?.kill("SIGKILL"));

function start() {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(root, "scripts/start.ts")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: "",
      PORT: String(port),
      COLLAB_PORT: String(port + 1),
      WORKER_PORT: String(port + 2),
      EMBEDDED_PG_PORT: "54359",
      MYCRM_DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  current = child;
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const running = new Promise<void>((ready, fail) => {
    const timer = setInterval(() => output.includes("Press Ctrl-C to stop.") && (clearInterval(timer), ready()), 100);
    child.once("exit", (code) => {
      clearInterval(timer);
      fail(new Error(`the launcher exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, running, exited, output: () => output };
}

async function trpc(path: string, cookie: string, input?: unknown, method: "GET" | "POST" = "GET") {
  const url = `${base}/api/trpc/${path}${method === "GET" ? `?input=${encodeURIComponent(JSON.stringify({ json: input ?? null }))}` : ""}`;
  const res = await fetch(url, {
    method,
    // As the browser sends it: from a page of the app (APP_URL defaults to localhost and PORT).
    headers: { cookie, "content-type": "application/json", origin: `http://localhost:${port}` },
    body: method === "POST" ? JSON.stringify({ json: input }) : undefined,
  });
  return { status: res.status, body: (await res.json()) as { result?: { data: { json: unknown } } } };
}

describe("npm start", () => {
  it("runs the whole system, stops cleanly on SIGTERM, and keeps the data for the next start", { timeout: 360_000 }, async () => {
    rmSync(resolve(root, dataDir), { recursive: true, force: true });

    const first = start();
    await first.running;
    expect(first.output()).toContain("A demo workspace was created. Sign in as:");
    expect(first.output()).toMatch(/olivia@demo\.mycrm\.local\s+password: demo-password\s+\(owner\)/);
    const health = await fetch(`${base}/api/core/health/`);
    expect(health.status).toBe(200);
    expect(((await fetch(`${base}/sign-in`)).status)).toBe(200);

    // next-auth answers through Next's handler.
    expect((await fetch(`${base}/api/auth/csrf`)).status).toBe(200);
    // Act as the demo owner through the API, with the session cookie next-auth would set at sign-in
    // (made with the secret the launcher generated and kept in the data folder).
    const secret = readFileSync(resolve(root, dataDir, "auth-secret"), "utf8").trim();
    const anon = await trpc("auth.me", "");
    expect(anon.status).toBe(401);
    const sql = postgres("postgres://postgres:mycrm@127.0.0.1:54359/mycrm", { max: 1, onnotice: () => {} });
    const users = await sql`select id from users where email = 'olivia@demo.mycrm.local'`;
    await sql.end();
    const token = await encode({ token: { sub: users[0]!.id as string, email: "olivia@demo.mycrm.local", name: "Olivia Hart", authTime: Date.now() }, secret });
    const cookie = `next-auth.session-token=${token}`;
    const created = await trpc("companies.create", cookie, { name: "Survives Restarts Ltd" }, "POST");
    expect(created.status).toBe(200);

    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain("Stopped.");
    await expect(fetch(`${base}/api/core/health/`)).rejects.toThrow();
    await expect(fetch(`http://127.0.0.1:${port + 1}/health`)).rejects.toThrow();

    const second = start();
    await second.running;
    expect(second.output()).not.toContain("A demo workspace was created");
    const list = await trpc("companies.list", cookie, { search: "Survives" });
    expect(list.status).toBe(200);
    expect((list.body.result!.data.json as { name: string }[]).map((c) => c.name)).toEqual(["Survives Restarts Ltd"]);

    second.child.kill("SIGINT");
    expect(await second.exited).toBe(0);
    await expect(fetch(`${base}/api/core/health/`)).rejects.toThrow();
  });
});
