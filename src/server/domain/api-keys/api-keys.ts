import { randomBytes } from "node:crypto";
import { sha256Hex } from "@/server/security/digest";
import { and, desc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { apiKeys } from "@/server/db/schema";
import { notFound } from "@/shared/errors";
import type { Role } from "@/shared/permissions";
import type { createApiKeyInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";

/** Keys look like `mcrm_<prefix>_<secret>`: recognisable in logs and secret scanners. */
const KEY_PATTERN = /^mcrm_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

const hashSecret = sha256Hex;

export interface ApiKeyPrincipal {
  id: string;
  workspaceId: string;
  /** The admin who created it: the key acts with at most their rights. */
  userId: string;
  access: "read" | "write";
  objects: string[];
  creatorRole: Role;
}

export async function createApiKey(ctx: WorkspaceCtx, input: z.infer<typeof createApiKeyInput>) {
  const prefix = randomBytes(8).toString("hex").slice(0, 8);
  const token = `mcrm_${prefix}_${randomBytes(32).toString("base64url")}`;
  const [key] = await ctx.db
    .insert(apiKeys)
    .values({
      workspaceId: ctx.workspaceId,
      name: input.name,
      prefix,
      secretHash: hashSecret(token),
      access: input.access,
      objects: input.objects,
      createdBy: ctx.userId,
    })
    .returning({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      access: apiKeys.access,
      objects: apiKeys.objects,
      createdAt: apiKeys.createdAt,
    });
  // The only time the secret exists outside the caller's hands.
  return { ...key!, token };
}

export async function listApiKeys(ctx: WorkspaceCtx) {
  return ctx.db
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      prefix: apiKeys.prefix,
      access: apiKeys.access,
      objects: apiKeys.objects,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.workspaceId, ctx.workspaceId))
    .orderBy(desc(apiKeys.createdAt));
}

export async function revokeApiKey(ctx: WorkspaceCtx, id: string) {
  const [key] = await ctx.db
    .update(apiKeys)
    .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, now())` })
    .where(and(eq(apiKeys.workspaceId, ctx.workspaceId), eq(apiKeys.id, id)))
    .returning({ id: apiKeys.id });
  if (!key) throw notFound("API key");
  return key;
}

/**
 * The key behind a bearer token, if it is well-formed, known, not revoked, and its creator is
 * still a member of its workspace. Records when it was last used (at most once a minute).
 */
export async function authenticateApiKey(db: DbOrTx, token: string): Promise<ApiKeyPrincipal | null> {
  if (!KEY_PATTERN.test(token)) return null;
  // Before any workspace is known: a database function answers this one question (row-level
  // security keeps the table itself closed to a query with no workspace).
  const rows = await db.execute<PrincipalRow>(sql`select * from authenticate_api_key(${hashSecret(token)})`);
  const row = [...rows][0];
  return row ? principalOf(row) : null;
}

/** A key as the authenticating database functions return it. */
export interface PrincipalRow extends Record<string, unknown> {
  key_id: string;
  key_workspace: string;
  key_user: string;
  key_access: string;
  key_objects: string[];
  creator_role: string;
}

export function principalOf(row: PrincipalRow): ApiKeyPrincipal {
  return {
    id: row.key_id,
    workspaceId: row.key_workspace,
    userId: row.key_user,
    access: row.key_access as ApiKeyPrincipal["access"],
    objects: row.key_objects as ApiKeyPrincipal["objects"],
    creatorRole: row.creator_role as ApiKeyPrincipal["creatorRole"],
  };
}
