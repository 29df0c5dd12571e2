import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";

/**
 * Ends every session of a person, on every device: their session cookies stop working at the
 * next request, and their open collaboration connections close (a database function, as it
 * reaches the person's memberships in every workspace).
 */
export async function endSessions(db: DbOrTx, userId: string) {
  await db.execute(sql`select end_sessions(${userId})`);
}
