import { resolve } from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { runMigrations } from "graphile-worker";
import postgres from "postgres";

/** The role the application connects as: it owns nothing and cannot bypass row-level security. */
export const APP_ROLE = "mycrm_app";

/**
 * Applies our Drizzle migrations and graphile-worker's own schema, as the owner of the tables.
 * Safe to run again. The application role (created by a migration) gets what the job queue needs.
 */
export async function migrateDatabase(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await migrate(drizzle(sql), { migrationsFolder: resolve(import.meta.dirname, "../../drizzle") });
  } finally {
    await sql.end();
  }
  await runMigrations({ connectionString: url, logger: undefined });
  const admin = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`
      GRANT USAGE ON SCHEMA graphile_worker TO ${APP_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO ${APP_ROLE};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA graphile_worker TO ${APP_ROLE};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO ${APP_ROLE};
      -- graphile-worker turns row-level security on for its own tables: the queue is the
      -- system's, not a workspace's, so the application role may use it whole.
      DO $$
      DECLARE t text;
      BEGIN
        FOR t IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                 WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity LOOP
          EXECUTE format('DROP POLICY IF EXISTS app_queue ON graphile_worker.%I', t);
          EXECUTE format('CREATE POLICY app_queue ON graphile_worker.%I TO ${APP_ROLE} USING (true) WITH CHECK (true)', t);
        END LOOP;
      END $$;`);
  } finally {
    await admin.end();
  }
}

/**
 * Gives the application role a password (as the owner) and returns the URL the application
 * processes connect with: the owner's URL with the application role and that password.
 */
export async function prepareAppRole(ownerUrl: string, password: string): Promise<string> {
  const sql = postgres(ownerUrl, { max: 1, onnotice: () => {} });
  try {
    await sql.unsafe(`ALTER ROLE ${APP_ROLE} WITH LOGIN PASSWORD '${password.replace(/'/g, "''")}'`);
  } finally {
    await sql.end();
  }
  const url = new URL(ownerUrl);
  url.username = APP_ROLE;
  url.password = encodeURIComponent(password);
  return url.toString();
}
