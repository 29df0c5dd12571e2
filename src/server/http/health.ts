import { desc, sql } from "drizzle-orm";
import type { Db } from "@/server/db/client";
import { workerHeartbeats } from "@/server/db/schema";

/** A worker that has not written its heartbeat for this long is considered down. */
export const HEARTBEAT_STALE_MS = 30_000;

type Check = { ok: boolean; detail: string };

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms).unref()),
  ]);
}

export async function checkHealth(db: Db, collabUrl: string) {
  const database: Check = await withTimeout(db.execute(sql`select 1`), 2000, "database")
    .then(() => ({ ok: true, detail: "reachable" }))
    .catch((e: Error) => ({ ok: false, detail: e.message }));

  const worker: Check = database.ok
    ? await withTimeout(
        db.select({ seenAt: workerHeartbeats.seenAt }).from(workerHeartbeats).orderBy(desc(workerHeartbeats.seenAt)).limit(1),
        2000,
        "database",
      )
        .then(([row]) => {
          if (!row) return { ok: false, detail: "no worker has ever reported" };
          const age = Date.now() - row.seenAt.getTime();
          return age < HEARTBEAT_STALE_MS
            ? { ok: true, detail: `heartbeat ${Math.round(age / 1000)} s ago` }
            : { ok: false, detail: `last heartbeat ${Math.round(age / 1000)} s ago` };
        })
        .catch((e: Error) => ({ ok: false, detail: e.message }))
    : { ok: false, detail: "unknown: the database is down" };

  const collab: Check = await withTimeout(fetch(new URL("/health", collabUrl)), 2000, "collab-server")
    .then((r) => ({ ok: r.ok, detail: r.ok ? "reachable" : `answered ${r.status}` }))
    .catch((e: Error) => ({ ok: false, detail: e.message.includes("fetch failed") ? "not reachable" : e.message }));

  const checks = { database, worker, collab };
  const down = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name);
  return { status: down.length === 0 ? "ok" : "degraded", down, checks };
}
