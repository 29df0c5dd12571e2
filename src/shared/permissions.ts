/**
 * The one permission table. Every door (tRPC, REST, collab-server, jobs, exports) asks `can()`.
 */
export const roles = ["owner", "admin", "manager", "member", "viewer"] as const;
export type Role = (typeof roles)[number];

const read = ["company.read", "contact.read", "deal.read", "lead.read", "task.read", "notification.read", "workspace.read"] as const;
const write = [
  "company.create", "company.update", "company.delete",
  "contact.create", "contact.update", "contact.delete",
  "deal.create", "deal.update", "deal.delete",
  "lead.create", "lead.update", "lead.delete",
  "task.create", "task.update", "task.delete",
] as const;
/** Sharing a saved view with the whole workspace; revealing sensitive fields (each reveal audited). */
const collaborate = ["view.share", "sensitive.read"] as const;
const manage = ["workspace.update", "member.manage", "apikey.manage", "trash.purge", "audit.read", "privacy.manage"] as const;

/** What only administrators do: limited to ADMIN_IP_ALLOWLIST when it is set. */
export const adminPermissions: ReadonlySet<string> = new Set(manage);

export type Permission = (typeof read)[number] | (typeof write)[number] | (typeof collaborate)[number] | (typeof manage)[number];

const table: Record<Role, ReadonlySet<Permission>> = {
  owner: new Set([...read, ...write, ...collaborate, ...manage]),
  admin: new Set([...read, ...write, ...collaborate, ...manage]),
  manager: new Set([...read, ...write, ...collaborate]),
  member: new Set([...read, ...write, ...collaborate]),
  viewer: new Set(read),
};

/** Owners and admins see records private to someone else (where the workspace allows private records). */
export function seesAllRecords(role: Role): boolean {
  return role === "owner" || role === "admin";
}

/**
 * Whether someone sees records private to others: where the workspace allows private records,
 * only its owners and admins do; where it does not, everyone (a record left private from before
 * is the workspace's again). Row-level security reads this as `app.sees_private`.
 */
export function seesPrivateRecords(workspaceAllowsPrivate: boolean, role: Role): boolean {
  return !workspaceAllowsPrivate || seesAllRecords(role);
}

export function can(role: Role, permission: Permission): boolean {
  return table[role].has(permission);
}

/** The record types a permission is about ("deal.update" → "deal"), for scoping API keys. */
export const recordObjects = ["company", "contact", "deal", "lead"] as const;
export type RecordObject = (typeof recordObjects)[number];

/** What an API key can be scoped to: the records, and tasks. */
export const apiObjects = [...recordObjects, "task"] as const;
export type ApiObject = (typeof apiObjects)[number];

/** What an API key may do: read, or read and write, these record types, and nothing else. */
export function keyAllows(key: { access: "read" | "write"; objects: readonly string[] }, permission: Permission): boolean {
  const [object, action] = permission.split(".") as [string, string];
  if (!(apiObjects as readonly string[]).includes(object)) return false;
  if (!key.objects.includes(object)) return false;
  return action === "read" || key.access === "write";
}

export const roleLabels: Record<Role, string> = {
  owner: "Owner",
  admin: "Admin",
  manager: "Manager",
  member: "Member",
  viewer: "Viewer",
};
