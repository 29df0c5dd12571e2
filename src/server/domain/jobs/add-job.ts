import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";

/**
 * Enqueue a graphile-worker job with SQL `add_job`, inside the caller's transaction: the job exists
 * if and only if the write that causes it commits.
 */
export async function addJob(db: DbOrTx, identifier: string, payload: unknown, opts: { jobKey?: string } = {}) {
  await db.execute(
    sql`select graphile_worker.add_job(${identifier}, payload := ${JSON.stringify(payload)}::json, job_key := ${opts.jobKey ?? null})`,
  );
}
