import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/server/db/client";
import { memberships, users, workspaces } from "@/server/db/schema";
import { hashPassword } from "@/server/auth/password";
import { assertGoodPassword } from "@/server/auth/password-policy";
import { AppError } from "@/shared/errors";
import type { SignUpInput } from "@/shared/schemas/auth";
import { createDefaultPipeline } from "../workspaces/default-pipeline";

/** Creates the user, their workspace with a default pipeline, and makes them its owner: all or nothing. */
export async function signUp(db: Db, input: SignUpInput) {
  assertGoodPassword(input.password, { email: input.email });
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({ email: input.email, name: input.name, passwordHash })
      .onConflictDoNothing()
      .returning({ id: users.id, email: users.email, name: users.name });
    if (!user) {
      throw new AppError("CONFLICT", "auth.email_taken", "An account with this email already exists. Sign in instead.");
    }
    return { user, workspace: await addWorkspace(tx, user.id, input.workspaceName) };
  });
}

/** A new workspace with a default pipeline, owned by the user (inside the caller's transaction). */
async function addWorkspace(tx: DbOrTx, userId: string, name: string) {
  const [workspace] = await tx.insert(workspaces).values({ name }).returning();
  // The new workspace's rows are written as that workspace (row-level security checks it).
  await tx.execute(sql`select set_config('app.workspace_id', ${workspace!.id}, true), set_config('app.user_id', ${userId}, true)`);
  await tx.insert(memberships).values({ workspaceId: workspace!.id, userId, role: "owner" });
  await createDefaultPipeline(tx, workspace!.id);
  return workspace!;
}

/** A signed-in person (one who came by single sign-on, say) starts a workspace of their own. */
export async function createWorkspace(db: Db, userId: string, name: string) {
  return db.transaction((tx) => addWorkspace(tx, userId, name));
}
