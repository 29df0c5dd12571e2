import { sql } from "drizzle-orm";
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

/**
 * Which statements are prepared on their connections. Drizzle asks for unnamed statements unless a
 * query is given a name, and postgres.js then describes a statement with parameters in a round
 * trip of its own before running it: two round trips a statement. Prepared, a statement is
 * described once per connection and then costs one round trip (and is still planned for its
 * values each time: see plan_cache_mode below).
 *
 * What is prepared stays on every connection (and in its PostgreSQL backend) until the connection
 * is replaced, so only statements that come back are: a text is prepared the second time it is
 * seen, up to MAX_PREPARED texts a pool, and never a long one (a batch insert of many rows). The
 * texts built from people's choices (table views' filters and sorts, a workspace's custom fields)
 * that do not recur stay unnamed, as before; the fixed statements of every request are prepared.
 */
export class StatementPolicy {
  private readonly prepared = new Set<string>();
  private readonly seenOnce = new Set<string>();

  constructor(
    readonly maxPrepared = 500,
    readonly maxLength = 4000,
  ) {}

  shouldPrepare(text: string): boolean {
    if (this.prepared.has(text)) return true;
    if (text.length > this.maxLength || this.prepared.size >= this.maxPrepared) return false;
    if (!this.seenOnce.has(text)) {
      // Forgotten wholesale now and then: it only decides what a second sighting means.
      if (this.seenOnce.size >= this.maxPrepared * 10) this.seenOnce.clear();
      this.seenOnce.add(text);
      return false;
    }
    this.seenOnce.delete(text);
    this.prepared.add(text);
    return true;
  }

  get size() {
    return this.prepared.size;
  }
}

/** postgres.js as Drizzle sees it, preparing what the policy says (in transactions and savepoints too). */
function preparing<T extends postgres.Sql | postgres.TransactionSql>(client: T, policy: StatementPolicy): T {
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return (query: string, params?: unknown, options?: postgres.UnsafeQueryOptions) => {
          // postgres.js also takes unsafe(query, options).
          if (params !== undefined && !Array.isArray(params)) [params, options] = [[], params as postgres.UnsafeQueryOptions];
          const prepare = options?.prepare === true || policy.shouldPrepare(query);
          return target.unsafe(query, (params ?? []) as never, { ...options, prepare });
        };
      }
      if (prop === "begin" || prop === "savepoint") {
        const open = Reflect.get(target, prop, receiver) as (...args: unknown[]) => unknown;
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return open.call(target, ...args, (tx: postgres.TransactionSql) => fn(preparing(tx, policy)));
        };
      }
      return Reflect.get(target, prop, receiver);
    },
  });
}

/** How every pool of the application meets a database that is away. */
export const failFast = {
  // Fail fast when the server is gone rather than hanging requests.
  connect_timeout: 5,
  // Reconnect within a second at most (the default backs off to 20 s, and the queries waiting for
  // a connection wait with it): while PostgreSQL is away each request is answered "not reachable"
  // quickly, and once it is back the pool finds it at once.
  backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
};

export function createDatabase(
  url: string,
  options: { max?: number; applicationName?: string; debug?: (connection: number, query: string, parameters: unknown[]) => void } = {},
): Database {
  const sql = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    // Prepared statements are planned for their values every time, as unnamed ones were: after
    // five runs PostgreSQL would otherwise settle on a generic plan, which for a lookup by a list
    // of values (`= any(array[$1…$1000])`, the import's duplicate check) reads every row of the
    // workspace (0.5 s → 8 s a chunk on 100,000 contacts). What preparing saves is the round trips.
    connection: { application_name: options.applicationName ?? "mycrm", plan_cache_mode: "force_custom_plan" },
    ...(options.debug ? { debug: options.debug } : {}),
    ...failFast,
  });
  const db = drizzle(preparing(sql, new StatementPolicy()), { schema, casing: undefined });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

/**
 * Runs `fn` in a transaction that acts inside one workspace: row-level security lets it see and
 * write that workspace's rows only. For the processes that are not behind a tRPC procedure (the
 * collab-server, jobs); procedures get theirs from workspaceProcedure.
 */
export async function inWorkspace<T>(db: DbOrTx, workspaceId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    // The system's own work (jobs, the collab-server's writes, scripts) sees every record of the
    // workspace, private ones too; people's requests go through the API's own transaction.
    await tx.execute(sql`select set_config('app.workspace_id', ${workspaceId}, true), set_config('app.sees_private', 'on', true)`);
    return fn(tx);
  });
}

/** Runs `fn` once per workspace, each inside its own (for system jobs that sweep every workspace). */
export async function forEachWorkspace(db: DbOrTx, fn: (tx: Tx, workspaceId: string) => Promise<number>): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`select id from workspaces order by created_at`);
  let total = 0;
  for (const { id } of rows) total += await inWorkspace(db, id, (tx) => fn(tx, id));
  return total;
}

const globalForDb = globalThis as unknown as { __mycrmDb?: Database };

/** One pool per process, shared by the API handler and Next's server components. */
export function getDatabase(url: string): Database {
  globalForDb.__mycrmDb ??= createDatabase(url, { applicationName: "mycrm-web" });
  return globalForDb.__mycrmDb;
}
