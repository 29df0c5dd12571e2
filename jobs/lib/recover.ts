import { sql } from "drizzle-orm";
import type { Db } from "@/server/db/client";

/**
 * Jobs locked by a worker that is gone — its process killed or crashed, so its heartbeat stopped —
 * go back to the queue. graphile-worker would otherwise wait four hours for the lock to expire. A
 * lock is only taken back once it is older than `afterSeconds` and no fresh heartbeat (three beats)
 * lists its worker: a live worker's job is never run twice at once. Returns the workers unlocked.
 */
export async function recoverAbandonedJobs(db: Db, afterSeconds: number, heartbeatSeconds: number): Promise<string[]> {
  const rows = await db.execute<{ locked_by: string }>(sql`
    select distinct j.locked_by from graphile_worker._private_jobs j
     where j.locked_by is not null and j.locked_at < now() - make_interval(secs => ${afterSeconds})
       and not exists (
         select 1 from worker_heartbeats h
          where h.seen_at > now() - make_interval(secs => ${heartbeatSeconds * 3}) and j.locked_by = any(h.queue_worker_ids))`);
  const gone = [...rows].map((r) => r.locked_by);
  if (gone.length) await db.execute(sql`select graphile_worker.force_unlock_workers(array[${sql.join(gone.map((id) => sql`${id}`), sql`, `)}]::text[])`);
  return gone;
}
