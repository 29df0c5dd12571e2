/**
 * `npm run db:migrate`: apply migrations to DATABASE_URL as the owner of the tables (what a
 * deployment runs once before the app starts). With APP_DB_PASSWORD, it also sets the password
 * of the application role (mycrm_app) that web, collab-server and worker then connect as.
 */
import { z } from "zod";
import { databaseUrl, exitOnEnvError, parseEnv } from "@/server/env-core";
import { migrateDatabase, prepareAppRole } from "./lib/migrate";

let e: { DATABASE_URL: string; APP_DB_PASSWORD?: string };
try {
  e = parseEnv(
    "Migrations",
    z.object({
      DATABASE_URL: databaseUrl,
      APP_DB_PASSWORD: z.string().min(12, { message: "Use at least 12 characters." }).optional(),
    }),
  );
} catch (error) {
  exitOnEnvError(error);
}
migrateDatabase(e.DATABASE_URL)
  .then(async () => {
    process.stdout.write("Migrations applied.\n");
    if (e.APP_DB_PASSWORD) {
      await prepareAppRole(e.DATABASE_URL, e.APP_DB_PASSWORD);
      process.stdout.write("The mycrm_app role's password is set.\n");
    }
  })
  .catch((error: unknown) => {
    process.stderr.write(`Migrations failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
