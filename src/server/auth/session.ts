import type { IncomingHttpHeaders } from "node:http";
import { getToken } from "next-auth/jwt";
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
    secureCookie: opts.secureCookie,
    logger: { error: () => {}, warn: () => {}, debug: () => {} } as never,
  });
  if (!token?.sub) return null;
  // Past its absolute lifetime, or ended since (signed out everywhere, ended by an admin).
  if (!(await sessionIsCurrent(opts.db, token))) return null;
  return { id: token.sub, email: token.email ?? null, name: token.name ?? null };
}
