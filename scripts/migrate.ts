/** `npm run db:migrate`: apply migrations to DATABASE_URL (what a deployment runs once before the app starts). */
import { z } from "zod";
import { databaseUrl, exitOnEnvError, parseEnv } from "@/server/env-core";
import { migrateDatabase } from "./lib/migrate";

let url: string;
try {
  url = parseEnv("Migrations", z.object({ DATABASE_URL: databaseUrl })).DATABASE_URL;
} catch (error) {
  exitOnEnvError(error);
}
migrateDatabase(url)
  .then(() => process.stdout.write("Migrations applied.\n"))
  .catch((error: unknown) => {
    process.stderr.write(`Migrations failed: ${(error as Error).message}\n`);
    process.exit(1);
  });
