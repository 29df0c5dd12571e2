import { resolve } from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { runMigrations } from "graphile-worker";
import postgres from "postgres";

/** Applies our Drizzle migrations and graphile-worker's own schema. Safe to run again. */
export async function migrateDatabase(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: resolve(import.meta.dirname, "../../drizzle") });
  } finally {
    await sql.end();
  }
  await runMigrations({ connectionString: url, logger: undefined });
}
