import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

/** Runs an entry point the way `npm run start:*` does, and collects what it says. */
function run(entry: string, env: Record<string, string | undefined>, timeoutMs = 20_000) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    const clean = Object.fromEntries(Object.entries({ ...process.env, ...env }).filter(([, v]) => v !== undefined)) as NodeJS.ProcessEnv;
    const child = spawn(process.execPath, ["--import", "tsx", resolve(root, entry)], { cwd: root, env: clean });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}

const base = { DATABASE_URL: undefined, AUTH_SECRET: "s".repeat(40), LOG_LEVEL: "silent" };

describe("each process checks its environment at start", () => {
  for (const [name, entry] of [
    ["web", "src/server/web-server.ts"],
    ["collab-server", "collab-server/index.ts"],
    ["worker", "jobs/index.ts"],
  ] as const) {
    it(`${name}: a missing DATABASE_URL is one clear sentence, not a stack trace`, async () => {
      const { code, stderr } = await run(entry, base);
      expect(code).toBe(78);
      const lines = stderr.trim().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/cannot start: DATABASE_URL is not set\. Set it to a PostgreSQL URL/);
    });
  }

  it("the launcher explains an unreachable DATABASE_URL instead of crashing", async () => {
    const { code, stdout, stderr } = await run("scripts/start.ts", { ...base, DATABASE_URL: "postgres://nobody@127.0.0.1:1/nothing" }, 30_000);
    expect(code).toBe(1);
    expect(stdout).toContain("MyCRM could not start: could not reach or migrate the database at DATABASE_URL");
    expect(stdout).toContain("Using the PostgreSQL server in DATABASE_URL");
    expect(stderr).not.toMatch(/^\s+at /m);
  });

  it("the launcher refuses a DATABASE_URL that is not a PostgreSQL URL", async () => {
    const { code, stderr } = await run("scripts/start.ts", { ...base, DATABASE_URL: "mysql://localhost/db" });
    expect(code).toBe(78);
    expect(stderr.trim()).toBe(
      "MyCRM cannot start: DATABASE_URL is invalid: It must be a PostgreSQL URL starting with postgres:// (like postgres://user:pass@host:5432/db).",
    );
  });
});
