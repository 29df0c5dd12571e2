import type { Role } from "@/shared/permissions";

/** What onAuthenticate hands to every later hook of a connection. */
export interface CollabContext {
  userId: string;
  name: string;
  workspaceId: string;
  role: Role;
  readOnly: boolean;
}
