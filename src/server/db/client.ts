import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import * as schema from "./schema";

export type Db = PostgresJsDatabase<typeof schema> & { $client: postgres.Sql };
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** Either the pool or a transaction: domain functions accept both. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  sql: postgres.Sql;
  close(): Promise<void>;
}

export function createDatabase(url: string, options: { max?: number; applicationName?: string } = {}): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? "mycrm" },
    // Fail fast when the server is gone rather than hanging requests.
    connect_timeout: 5,
  });
  const db = drizzle(sql, { schema, casing: undefined });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

const globalForDb = globalThis as unknown as { __mycrmDb?: Database };

/** One pool per process, shared by the API handler and Next's server components. */
export function getDatabase(url: string): Database {
  globalForDb.__mycrmDb ??= createDatabase(url, { applicationName: "mycrm-web" });
  return globalForDb.__mycrmDb;
}
