import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Each worker process writes here every few seconds; health reads the newest. */
export const workerHeartbeats = pgTable("worker_heartbeats", {
  workerId: text("worker_id").primaryKey(),
  seenAt: timestamp("seen_at", { withTimezone: true }).notNull().defaultNow(),
});
