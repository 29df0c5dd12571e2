import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { DbOrTx } from "@/server/db/client";
import { apiKeys, memberships } from "@/server/db/schema";
import { notFound } from "@/shared/errors";
import type { Role } from "@/shared/permissions";
import type { createApiKeyInput } from "@/shared/schemas";
import type { WorkspaceCtx } from "../context";

/** Keys look like `mcrm_<prefix>_<secret>`: recognisable in logs and secret scanners. */
const KEY_PATTERN = /^mcrm_([a-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

const hashSecret = (token: string) => createHash("sha256").update(token).digest("hex");

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
  const [row] = await db
    .select({
      id: apiKeys.id,
      workspaceId: apiKeys.workspaceId,
      userId: apiKeys.createdBy,
      access: apiKeys.access,
      objects: apiKeys.objects,
      creatorRole: memberships.role,
    })
    .from(apiKeys)
    // A key lives as long as its creator's active membership: deactivated or removed, it stops.
    .innerJoin(memberships, and(eq(memberships.workspaceId, apiKeys.workspaceId), eq(memberships.userId, apiKeys.createdBy), isNull(memberships.disabledAt)))
    .where(and(eq(apiKeys.secretHash, hashSecret(token)), isNull(apiKeys.revokedAt)))
    .limit(1);
  if (!row) return null;
  await db
    .update(apiKeys)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiKeys.workspaceId, row.workspaceId),
        eq(apiKeys.id, row.id),
        sql`(${apiKeys.lastUsedAt} is null or ${apiKeys.lastUsedAt} < now() - interval '1 minute')`,
      ),
    );
  return row;
}
