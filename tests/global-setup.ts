/**
 * Integration tests run against a real PostgreSQL: TEST_DATABASE_URL when set, otherwise an
 * embedded server (data in .data/test-pg). Each run gets a fresh database, migrated.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { randomBytes } from "node:crypto";
import { migrateDatabase, prepareAppRole } from "../scripts/lib/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    /** The same database as the application role (mycrm_app): row-level security applies. */
    appDatabaseUrl: string;
  }
}

const root = resolve(import.meta.dirname, "..");

async function startEmbedded(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", resolve(root, "scripts/lib/embedded-db-process.ts")], {
    cwd: root,
    env: { ...process.env, EMBEDDED_PG_DIR: resolve(root, ".data/test-pg"), EMBEDDED_PG_PORT: String(port), EMBEDDED_PG_DATABASE: "postgres" },
    stdio: ["ignore", "pipe", "inherit", "ipc"],
  });
  await new Promise<void>((ready, fail) => {
    createInterface({ input: child.stdout! }).on("line", (line) => line.startsWith("ready ") && ready());
    child.on("exit", (code) => fail(new Error(`embedded PostgreSQL exited with ${code}`)));
  });
  return child;
}

export default async function setup(project: TestProject) {
  let child: ChildProcess | undefined;
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const port = Number(process.env.TEST_PG_PORT ?? 54339);
    child = await startEmbedded(port);
    adminUrl = `postgres://postgres:mycrm@127.0.0.1:${port}/postgres`;
  }
  const name = `mycrm_test_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists "${name}"`);
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  await migrateDatabase(url.toString());
  project.provide("databaseUrl", url.toString());
  project.provide("appDatabaseUrl", await prepareAppRole(url.toString(), randomBytes(18).toString("base64url")));

  return async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
    await admin.end();
    if (child) {
      child.kill("SIGTERM");
      await new Promise((r) => child!.once("exit", r));
    }
  };
}
