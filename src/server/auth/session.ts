import { createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { jwtDecrypt } from "jose";
import { getToken, type JWT, type JWTDecodeParams } from "next-auth/jwt";
import type { DbOrTx } from "@/server/db/client";
import { sessionIsCurrent } from "./session-policy";

export interface SessionUser {
  id: string;
  email: string | null;
  name: string | null;
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // A malformed cookie is ignored, not fatal.
    }
  }
  return out;
}

/** One cookie of a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  return parseCookies(header)[name] ?? null;
}

/** The session cookie's key, derived from the secret once per process rather than at every request. */
const sessionKeys = new Map<string, KeyObject>();
/**
 * Cookies already opened, for a minute at most (and never past their expiry): a browser or a
 * program sends the same cookie with every request, and opening it (AES-GCM through WebCrypto)
 * was a measurable share of an API request's CPU. Whether the session still stands (signed out
 * everywhere, ended by an admin) is asked of the database at every request all the same.
 */
const opened = new Map<string, { payload: JWT; until: number }>();
const OPENED_MAX = 10_000;
const OPENED_MS = 60_000;

/** next-auth's own decoding (its key derivation, its clock tolerance), with the key and the result kept. */
async function decode({ token, secret, salt = "" }: JWTDecodeParams): Promise<JWT | null> {
  if (!token) return null;
  const cacheKey = `${salt}\u0000${String(secret)}`;
  const now = Date.now();
  const entry = `${cacheKey}\u0000${token}`;
  const hit = opened.get(entry);
  if (hit && hit.until > now) return hit.payload;
  let key = sessionKeys.get(cacheKey);
  if (!key) {
    const info = `NextAuth.js Generated Encryption Key${salt ? ` (${salt})` : ""}`;
    key = createSecretKey(Buffer.from(hkdfSync("sha256", String(secret), salt, info, 32)));
    sessionKeys.set(cacheKey, key);
  }
  const { payload } = await jwtDecrypt(token, key, { clockTolerance: 15 });
  const expires = typeof payload.exp === "number" ? payload.exp * 1000 + 15_000 : now + OPENED_MS;
  if (opened.size >= OPENED_MAX) opened.delete(opened.keys().next().value!);
  opened.set(entry, { payload: payload as JWT, until: Math.min(now + OPENED_MS, expires) });
  return payload as JWT;
}

/**
 * Reads the next-auth session from the request's cookie, without going through Next: the API
 * handler and the collab token endpoint both use it.
 */
export async function readSession(
  headers: IncomingHttpHeaders,
  opts: { secret: string; secureCookie: boolean; db: DbOrTx },
): Promise<SessionUser | null> {
  const token = await getToken({
    req: { cookies: parseCookies(headers.cookie), headers } as never,
    secret: opts.secret,
    decode,
    secureCookie: opts.secureCookie,
    logger: { error: () => {}, warn: () => {}, debug: () => {} } as never,
  });
  if (!token?.sub) return null;
  // Past its absolute lifetime, or ended since (signed out everywhere, ended by an admin).
  if (!(await sessionIsCurrent(opts.db, token))) return null;
  return { id: token.sub, email: token.email ?? null, name: token.name ?? null };
}
