import { randomBytes, randomUUID } from "node:crypto";
import { and, eq, isNull, lt, sql } from "drizzle-orm";
import { inWorkspace, type Db, type DbOrTx } from "@/server/db/client";
import { apiKeys, apiTokens } from "@/server/db/schema";
import { sha256Hex } from "@/server/security/digest";
import { audit } from "../audit/audit";
import { authenticateApiKey, principalOf, type ApiKeyPrincipal, type PrincipalRow } from "./api-keys";

/** An access token works for 15 minutes; a refresh token can be exchanged (once) for 30 days. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 30 * 24 * 3600;

const ACCESS_PATTERN = /^mcat_[A-Za-z0-9_-]{43}$/;
const REFRESH_PATTERN = /^mcrt_[A-Za-z0-9_-]{43}$/;

export const isAccessToken = (token: string) => token.startsWith("mcat_");

/** An OAuth 2.0 error (RFC 6749 §5.2), with the sentence an integrator reads. */
export class OAuthError extends Error {
  constructor(
    readonly error: "invalid_request" | "invalid_client" | "invalid_grant" | "unsupported_grant_type",
    message: string,
  ) {
    super(message);
  }
  get status() {
    return this.error === "invalid_client" ? 401 : 400;
  }
}

export interface TokenPair {
  access_token: string;
  token_type: "Bearer";
  expires_in: number;
  refresh_token: string;
}

/** Mints an access and a refresh token of one family (inside the workspace's transaction). */
async function mint(tx: DbOrTx, workspaceId: string, apiKeyId: string, familyId: string): Promise<TokenPair> {
  const access = `mcat_${randomBytes(32).toString("base64url")}`;
  const refresh = `mcrt_${randomBytes(32).toString("base64url")}`;
  const expires = (seconds: number) => sql`now() + make_interval(secs => ${seconds})`;
  await tx.insert(apiTokens).values([
    { workspaceId, apiKeyId, familyId, kind: "access", tokenHash: sha256Hex(access), expiresAt: expires(ACCESS_TOKEN_SECONDS) },
    { workspaceId, apiKeyId, familyId, kind: "refresh", tokenHash: sha256Hex(refresh), expiresAt: expires(REFRESH_TOKEN_SECONDS) },
  ]);
  return { access_token: access, token_type: "Bearer", expires_in: ACCESS_TOKEN_SECONDS, refresh_token: refresh };
}

/** The client of grant_type=client_credentials: its secret is an API key. */
export async function authenticateClient(db: DbOrTx, apiKeySecret: string): Promise<ApiKeyPrincipal> {
  const key = await authenticateApiKey(db, apiKeySecret);
  if (!key) throw new OAuthError("invalid_client", "The client secret is not a valid API key: it is unknown or has been revoked.");
  return key;
}

/** grant_type=client_credentials: the API key gets a new family of tokens, with its rights. */
export async function issueTokens(db: Db, key: ApiKeyPrincipal, ip: string | null): Promise<TokenPair> {
  return inWorkspace(db, key.workspaceId, async (tx) => {
    // Spent tokens are kept a day past expiry (reuse detection needs the used ones), then go.
    await tx.delete(apiTokens).where(and(eq(apiTokens.workspaceId, key.workspaceId), lt(apiTokens.expiresAt, sql`now() - interval '1 day'`)));
    const minted = await mint(tx, key.workspaceId, key.id, randomUUID());
    await audit(tx, { workspaceId: key.workspaceId, action: "oauth.tokens_issued", objectType: "api_key", objectId: key.id, actorId: key.userId, ip });
    return minted;
  });
}

/**
 * grant_type=refresh_token: rotation. A good refresh token is spent and a new pair of the same
 * family is returned. A spent one presented again was copied (the client or a thief still has
 * it): every token of the family is revoked, so whoever holds the newer ones loses them too.
 */
export async function refreshTokens(db: Db, refreshToken: string, ip: string | null): Promise<{ pair: TokenPair; key: ApiKeyPrincipal }> {
  const invalid = new OAuthError("invalid_grant", "This refresh token is not valid: it is unknown, expired, revoked or already used.");
  if (!REFRESH_PATTERN.test(refreshToken)) throw invalid;
  const hash = sha256Hex(refreshToken);
  const workspaceId = await workspaceOfToken(db, hash);
  if (!workspaceId) throw invalid;
  const outcome = await inWorkspace(db, workspaceId, async (tx) => {
    const [token] = await tx
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tokenHash, hash), eq(apiTokens.kind, "refresh")))
      .for("update");
    if (!token || token.revokedAt || token.expiresAt <= new Date()) return { kind: "invalid" as const };
    if (token.usedAt) {
      await revokeFamily(tx, workspaceId, token.familyId);
      await audit(tx, { workspaceId, action: "oauth.refresh_reused", objectType: "api_key", objectId: token.apiKeyId, ip, after: { family: token.familyId } });
      return { kind: "reused" as const };
    }
    const key = await keyPrincipal(tx, workspaceId, token.apiKeyId);
    if (!key) return { kind: "invalid" as const };
    await tx.update(apiTokens).set({ usedAt: sql`now()` }).where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.id, token.id)));
    return { kind: "ok" as const, key, pair: await mint(tx, workspaceId, token.apiKeyId, token.familyId) };
  });
  if (outcome.kind === "reused") {
    throw new OAuthError("invalid_grant", "This refresh token was already used, so it may have been copied: every token it led to is now revoked. Ask for new tokens with the API key.");
  }
  if (outcome.kind === "invalid") throw invalid;
  return { pair: outcome.pair, key: outcome.key };
}

/** RFC 7009: revokes the token's whole family; unknown tokens are no error (nothing to revoke). */
export async function revokeToken(db: Db, token: string, ip: string | null) {
  if (!ACCESS_PATTERN.test(token) && !REFRESH_PATTERN.test(token)) return;
  const hash = sha256Hex(token);
  const workspaceId = await workspaceOfToken(db, hash);
  if (!workspaceId) return;
  await inWorkspace(db, workspaceId, async (tx) => {
    const [found] = await tx.select({ familyId: apiTokens.familyId, apiKeyId: apiTokens.apiKeyId }).from(apiTokens).where(eq(apiTokens.tokenHash, hash));
    if (!found) return;
    await revokeFamily(tx, workspaceId, found.familyId);
    await audit(tx, { workspaceId, action: "oauth.revoked", objectType: "api_key", objectId: found.apiKeyId, ip, after: { family: found.familyId } });
  });
}

/** The API key behind an access token (bearer), as the API key itself would authenticate. */
export async function authenticateAccessToken(db: DbOrTx, token: string): Promise<ApiKeyPrincipal | null> {
  if (!ACCESS_PATTERN.test(token)) return null;
  const rows = await db.execute<PrincipalRow>(sql`select * from authenticate_api_token(${sha256Hex(token)})`);
  const row = [...rows][0];
  return row ? principalOf(row) : null;
}

async function workspaceOfToken(db: DbOrTx, hash: string): Promise<string | null> {
  const rows = await db.execute<{ workspace_id: string | null }>(sql`select workspace_of_api_token(${hash}) as workspace_id`);
  return [...rows][0]?.workspace_id ?? null;
}

async function revokeFamily(tx: DbOrTx, workspaceId: string, familyId: string) {
  await tx
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.workspaceId, workspaceId), eq(apiTokens.familyId, familyId), isNull(apiTokens.revokedAt)));
}

/** The key a refresh token was minted from, if it still works (unrevoked, creator active). */
async function keyPrincipal(tx: DbOrTx, workspaceId: string, apiKeyId: string): Promise<ApiKeyPrincipal | null> {
  const rows = await tx.execute<PrincipalRow>(sql`
    select k.id as key_id, k.workspace_id as key_workspace, k.created_by as key_user, k.access::text as key_access,
           k.objects::text[] as key_objects, m.role::text as creator_role
      from ${apiKeys} k
      join memberships m on m.workspace_id = k.workspace_id and m.user_id = k.created_by and m.disabled_at is null
     where k.workspace_id = ${workspaceId} and k.id = ${apiKeyId} and k.revoked_at is null`);
  const row = [...rows][0];
  return row ? principalOf(row) : null;
}
