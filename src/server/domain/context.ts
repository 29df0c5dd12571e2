import type { DbOrTx } from "@/server/db/client";
import type { Role } from "@/shared/permissions";

/** What every workspace-scoped domain function receives: who acts, where, through which handle. */
export interface WorkspaceCtx {
  db: DbOrTx;
  workspaceId: string;
  userId: string;
  role: Role;
}
