import type { IncomingMessage, ServerResponse } from "node:http";
import type { Db } from "@/server/db/client";
import { authenticateClient, issueTokens, OAuthError, refreshTokens, revokeToken } from "@/server/domain/api-keys/tokens";
import { waitFor, type Limits } from "@/server/security/limits";
import { readBody } from "./body";

export const oauthPaths = { token: "/api/oauth/token", revoke: "/api/oauth/revoke" } as const;

/** The request's parameters: form-encoded (as RFC 6749 says) or JSON (as many clients send). */
async function readParams(req: IncomingMessage): Promise<URLSearchParams> {
  const text = await readBody(req, 16 * 1024);
  if (text === null) throw new OAuthError("invalid_request", "The request body is too large.");
  if (!(req.headers["content-type"] ?? "").includes("application/json")) return new URLSearchParams(text);
  try {
    const body = JSON.parse(text || "{}") as Record<string, unknown>;
    return new URLSearchParams(Object.entries(body).filter((e): e is [string, string] => typeof e[1] === "string"));
  } catch {
    throw new OAuthError("invalid_request", "The request body is not valid JSON.");
  }
}

/** The client secret from HTTP Basic (client_id:client_secret) or the body. */
function clientSecret(req: IncomingMessage, params: URLSearchParams): string | null {
  const basic = req.headers.authorization?.match(/^Basic\s+(\S+)$/i)?.[1];
  if (basic) {
    const decoded = Buffer.from(basic, "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon >= 0 ? decodeURIComponent(decoded.slice(colon + 1)) : null;
  }
  return params.get("client_secret");
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store", pragma: "no-cache", ...headers });
  res.end(JSON.stringify(body));
}

/**
 * OAuth 2.0 for integrators: `POST /api/oauth/token` (client credentials with an API key as the
 * client secret; refresh token with rotation) and `POST /api/oauth/revoke` (RFC 7009).
 */
export function oauthEndpoints(deps: { db: Db; limits?: Limits | null }) {
  async function token(req: IncomingMessage, res: ServerResponse, ip: string | null) {
    try {
      if (req.method !== "POST") throw new OAuthError("invalid_request", "Use POST.");
      const params = await readParams(req);
      const grant = params.get("grant_type");
      if (grant === "client_credentials") {
        const secret = clientSecret(req, params);
        if (!secret) throw new OAuthError("invalid_client", "Send the API key as the client secret (HTTP Basic, or client_secret in the body).");
        const key = await authenticateClient(deps.db, secret);
        const verdict = deps.limits ? await deps.limits.take(deps.limits.apiKey, key.id) : null;
        if (verdict && !verdict.ok) {
          const seconds = Math.ceil(verdict.retryAfterMs / 1000);
          send(res, 429, { error: "slow_down", error_description: `Too many requests with this API key. Try again in ${waitFor(verdict.retryAfterMs)}.` }, { "retry-after": String(seconds) });
          return;
        }
        send(res, 200, await issueTokens(deps.db, key, ip));
      } else if (grant === "refresh_token") {
        const refresh = params.get("refresh_token");
        if (!refresh) throw new OAuthError("invalid_request", "Send the refresh_token.");
        send(res, 200, (await refreshTokens(deps.db, refresh, ip)).pair);
      } else {
        throw new OAuthError(grant ? "unsupported_grant_type" : "invalid_request", grant ? `The grant type “${grant}” is not supported: use client_credentials or refresh_token.` : "Send a grant_type.");
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      send(res, error.status, { error: error.error, error_description: error.message }, error.status === 401 ? { "www-authenticate": 'Basic realm="mycrm"' } : {});
    }
  }

  async function revoke(req: IncomingMessage, res: ServerResponse, ip: string | null) {
    try {
      if (req.method !== "POST") throw new OAuthError("invalid_request", "Use POST.");
      const params = await readParams(req);
      const value = params.get("token");
      if (!value) throw new OAuthError("invalid_request", "Send the token to revoke.");
      await revokeToken(deps.db, value, ip);
      send(res, 200, {});
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      send(res, error.status, { error: error.error, error_description: error.message });
    }
  }

  return { token, revoke };
}
