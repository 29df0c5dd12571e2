import { spawn, type ChildProcess } from "node:child_process";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import postgres from "postgres";

const root = resolve(import.meta.dirname, "../..");

/**
 * The database a maintenance script works on: DATABASE_URL when set; otherwise the embedded one
 * of `npm start` — reused if it is running, started (and stopped afterwards) if not.
 */
export async function databaseForScript(): Promise<{ url: string; stop: () => Promise<void> }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, stop: async () => {} };
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54329);
  const url = `postgres://postgres:mycrm@127.0.0.1:${port}/mycrm`;
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  const running = await probe`select 1`.then(
    () => true,
    () => false,
  );
  await probe.end();
  if (running) return { url, stop: async () => {} };

  const dataDir = resolve(root, process.env.MYCRM_DATA_DIR ?? ".data");
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", join(root, "scripts/lib/embedded-db-process.ts")], {
    cwd: root,
    env: { ...process.env, EMBEDDED_PG_DIR: join(dataDir, "pg"), EMBEDDED_PG_PORT: String(port) },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  await new Promise<void>((ready, fail) => {
    createInterface({ input: child.stdout! }).on("line", (line) => line.startsWith("ready ") && ready());
    child.once("exit", (code) => fail(new Error(`the embedded PostgreSQL stopped (exit code ${code})`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((done) => {
        child.once("exit", () => done());
        child.kill("SIGTERM");
      }),
  };
}
