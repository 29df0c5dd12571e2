import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { users } from "@/server/db/schema";

/**
 * Session lifetimes (ASVS V7.3):
 * - idle: a session unused for 8 hours is over (the cookie's token is renewed at most every
 *   15 minutes of activity and expires 8 hours after its last renewal);
 * - absolute: 24 hours after signing in, whatever the activity, one signs in again.
 * A session also ends when its person signs out everywhere, or an admin ends their sessions.
 */
export const SESSION_IDLE_SECONDS = 8 * 60 * 60;
export const SESSION_RENEW_SECONDS = 15 * 60;
export const SESSION_ABSOLUTE_SECONDS = 24 * 60 * 60;

/** What the session token carries beyond next-auth's own claims. */
export interface SessionClaims {
  sub?: string;
  /** When this session signed in (milliseconds since the epoch). */
  authTime?: number;
}

/** Whether a session token is still good: within its absolute lifetime, not ended since. */
export async function sessionIsCurrent(db: DbOrTx, token: SessionClaims, now = Date.now()): Promise<boolean> {
  if (!token.sub || typeof token.authTime !== "number") return false;
  if (now - token.authTime > SESSION_ABSOLUTE_SECONDS * 1000) return false;
  const [user] = await db.select({ revokedAt: users.sessionsRevokedAt }).from(users).where(eq(users.id, token.sub)).limit(1);
  if (!user) return false;
  return !user.revokedAt || token.authTime > user.revokedAt.getTime();
}
