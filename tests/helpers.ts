import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import postgres from "postgres";
import { migrateDatabase } from "../scripts/lib/migrate";
export { freePort } from "../scripts/lib/free-port";
import { createCaller } from "@/server/api/root";
import { createDatabase, type Database } from "@/server/db/client";
import { memberships, users } from "@/server/db/schema";
import { signUp } from "@/server/domain/auth/sign-up";
import { createLogger } from "@/server/observability/logger";
import type { Role } from "@/shared/permissions";

export const TEST_SECRET = "test-secret-test-secret-test-secret-0123456789";
const log = createLogger("test", "silent");

let database: Database | undefined;
/** The database as its owner: for setting up and checking what is stored (row-level security does not apply). */
export function testDatabase(): Database {
  database ??= createDatabase(inject("databaseUrl"), { max: 5, applicationName: "mycrm-test" });
  return database;
}

let appDb: Database | undefined;
/** The database as the application connects to it (mycrm_app): every door under test goes through this. */
export function appDatabase(): Database {
  appDb ??= createDatabase(inject("appDatabaseUrl"), { max: 5, applicationName: "mycrm-test-app" });
  return appDb;
}

export function uniqueEmail(prefix = "user") {
  return `${prefix}-${randomUUID().slice(0, 8)}@example.test`;
}

export interface TestUser {
  id: string;
  name: string;
  email: string;
}

/** A new user who owns a new workspace (through the real sign-up). */
export async function newWorkspace(name = "Test workspace") {
  const { db } = testDatabase();
  const email = uniqueEmail("owner");
  const { user, workspace } = await signUp(db, { name: "Owner Person", email, password: "correct-horse-battery", workspaceName: name });
  return { owner: { id: user.id, name: user.name, email }, workspaceId: workspace.id };
}

/** Another user, added to the workspace with a role. */
export async function addMember(workspaceId: string, role: Role, name = `A ${role}`): Promise<TestUser> {
  const { db } = testDatabase();
  const email = uniqueEmail(role);
  const [user] = await db.insert(users).values({ email, name, passwordHash: null }).returning();
  await db.insert(memberships).values({ workspaceId, userId: user!.id, role });
  return { id: user!.id, name, email };
}

/** The tRPC router as a signed-in user calls it (or as an anonymous visitor when user is null). */
export function callerAs(user: TestUser | null, workspaceId: string | null = null) {
  return createCaller({
    db: appDatabase().db,
    user: user ? { id: user.id, email: user.email, name: user.name } : null,
    apiKey: null,
    workspaceId,
    requestId: randomUUID(),
    log,
    authSecret: TEST_SECRET,
  });
}

/**
 * A database of its own, migrated, for tests whose processes must not meet the others' (a worker
 * would take every queued job of the shared one). Returns its URLs as the owner and as the
 * application role, and a function that drops it.
 */
export async function isolatedDatabase(label: string) {
  const owner = new URL(inject("databaseUrl"));
  const name = `mycrm_${label}_${process.pid}_${randomUUID().slice(0, 6)}`;
  const admin = postgres(owner.toString(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}"`);
  owner.pathname = `/${name}`;
  await migrateDatabase(owner.toString());
  const app = new URL(inject("appDatabaseUrl"));
  app.pathname = `/${name}`;
  return {
    url: owner.toString(),
    appUrl: app.toString(),
    drop: async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`).catch(() => {});
      await admin.end();
    },
  };
}
