import { sql } from "drizzle-orm";
import { bigint, integer, pgTable, text, timestamp, varchar } from "drizzle-orm/pg-core";

/** Each worker process writes here every few seconds; health reads the newest. */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
  /** graphile-worker's ids of this process's workers: the jobs they lock are alive while it beats. */
  queueWorkerIds: text("queue_worker_ids").array().notNull().default(sql`'{}'::text[]`),
});

/**
 * Counters of the rate limits and sign-in lockouts when Redis is not configured, in the shape
 * rate-limiter-flexible's PostgreSQL store uses (one row per key; `expire` in epoch ms).
 */
export const rateLimits = pgTable("rate_limits", {
  key: varchar("key", { length: 255 }).primaryKey(),
  points: integer("points").notNull().default(0),
  expire: bigint("expire", { mode: "number" }),
});
