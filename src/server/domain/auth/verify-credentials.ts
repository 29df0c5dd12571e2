import { eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { users } from "@/server/db/schema";
import { dummyHash, verifyPassword } from "@/server/auth/password";

/** Returns the user when the email and password match; null otherwise, in the same time either way. */
export async function verifyCredentials(db: DbOrTx, email: string, password: string) {
  const [user] = await db
    .select({ id: users.id, email: users.email, name: users.name, passwordHash: users.passwordHash })
    .from(users)
    .where(eq(sql`lower(${users.email})`, email.toLowerCase()))
    .limit(1);
  const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
  if (!user || !user.passwordHash || !ok) return null;
  return { id: user.id, email: user.email, name: user.name };
}
