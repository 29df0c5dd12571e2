import type { IncomingMessage, ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { SAML, ValidateInResponseTo, type CacheProvider, type Profile } from "@node-saml/node-saml";
import type { Db } from "@/server/db/client";
import { samlRequests } from "@/server/db/schema";
import type { SamlSettings } from "@/server/auth/sso-config";
import { auditSsoRefused, issueTicket, ssoSignIn, SsoRefused } from "@/server/domain/auth/sso";
import type { Logger } from "@/server/observability/logger";
import { SSO_REQUEST_COOKIE } from "@/shared/sso";
import { readBody } from "./body";

/** How long an authentication request may stay unanswered (the person signs in at their IdP meanwhile). */
const REQUEST_SECONDS = 600;

export const samlPaths = { login: "/api/sso/saml/login", acs: "/api/sso/saml/acs", metadata: "/api/sso/saml/metadata" } as const;

/**
 * The requests we sent, in PostgreSQL (any web process may receive the answer): a response must
 * answer one of them, unexpired, and only once — `removed` tells whether this call consumed it.
 */
function requestStore(db: Db, removed: { id: string | null } = { id: null }): CacheProvider {
  return {
    async saveAsync(key, value) {
      await db.delete(samlRequests).where(lt(samlRequests.createdAt, sql`now() - interval '1 day'`));
      await db.insert(samlRequests).values({ id: key }).onConflictDoNothing();
      return { value, createdAt: Date.now() };
    },
    async getAsync(key) {
      const [row] = await db
        .select({ createdAt: samlRequests.createdAt })
        .from(samlRequests)
        .where(and(eq(samlRequests.id, key), gt(samlRequests.createdAt, sql`now() - make_interval(secs => ${REQUEST_SECONDS})`)));
      return row ? row.createdAt.toISOString() : null;
    },
    async removeAsync(key) {
      if (!key) return null;
      const [row] = await db.delete(samlRequests).where(eq(samlRequests.id, key)).returning({ id: samlRequests.id });
      if (row) removed.id = row.id;
      return row ? key : null;
    },
  };
}

export interface SamlDeps {
  db: Db;
  log: Logger;
  settings: SamlSettings;
  appUrl: string;
  secureCookie: boolean;
}

export function samlServiceProvider(deps: SamlDeps) {
  const base = deps.appUrl.replace(/\/$/, "");
  const entityId = `${base}${samlPaths.metadata}`;
  const acsUrl = `${base}${samlPaths.acs}`;

  const saml = (cacheProvider: CacheProvider, requestId?: string) =>
    new SAML({
      entryPoint: deps.settings.entryPoint,
      idpCert: deps.settings.idpCert,
      idpIssuer: deps.settings.idpIssuer ?? undefined,
      issuer: entityId,
      audience: entityId,
      callbackUrl: acsUrl,
      // The assertion must be signed by the IdP's key; the envelope may or may not be.
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: false,
      // Only answers to requests we made (no unsolicited, IdP-initiated sign-ins), each once.
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: REQUEST_SECONDS * 1000,
      acceptedClockSkewMs: 60_000,
      cacheProvider,
      identifierFormat: null,
      disableRequestedAuthnContext: true,
      ...(requestId ? { generateUniqueId: () => requestId } : {}),
    });

  function redirect(res: ServerResponse, location: string, cookie?: string) {
    res.writeHead(303, { location, "cache-control": "no-store", ...(cookie ? { "set-cookie": cookie } : {}) });
    res.end();
  }

  /** GET: off to the IdP with a fresh request; the browser keeps the request's id in a cookie. */
  async function login(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? "/", base);
    const next = safePath(url.searchParams.get("callbackUrl"));
    const requestId = `_${randomBytes(20).toString("hex")}`;
    const location = await saml(requestStore(deps.db), requestId).getAuthorizeUrlAsync(next, undefined, {});
    const cookie = `${SSO_REQUEST_COOKIE}=${requestId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${REQUEST_SECONDS}${deps.secureCookie ? "; Secure" : ""}`;
    redirect(res, location, cookie);
  }

  /** POST from the IdP (HTTP-POST binding): check the signed answer, then a one-time ticket. */
  async function acs(req: IncomingMessage, res: ServerResponse, ip: string | null) {
    const body = await readBody(req, 512 * 1024);
    const form = body === null ? null : new URLSearchParams(body);
    const answered = { id: null as string | null };
    let profile: Profile | null;
    try {
      ({ profile } = await saml(requestStore(deps.db, answered)).validatePostResponseAsync({
        SAMLResponse: form?.get("SAMLResponse") ?? "",
        ...(form?.get("RelayState") ? { RelayState: form.get("RelayState")! } : {}),
      }));
    } catch (error) {
      deps.log.warn({ reason: (error as Error).message }, "SAML response refused");
      await auditSsoRefused(deps.db, "saml", "saml.invalid", ip);
      redirect(res, `/sign-in?sso_error=saml.invalid`);
      return;
    }
    // node-saml consumed the request this answers; if another request got there first, refuse.
    if (!profile || !answered.id) {
      await auditSsoRefused(deps.db, "saml", "saml.invalid", ip);
      redirect(res, `/sign-in?sso_error=saml.invalid`);
      return;
    }
    try {
      const user = await ssoSignIn(
        deps.db,
        { provider: `saml:${profile.issuer}`, subject: profile.nameID, email: emailOf(profile), emailVerified: true, name: nameOf(profile) },
        ip,
      );
      const ticket = await issueTicket(deps.db, user.id, answered.id);
      const next = safePath(form?.get("RelayState") ?? null);
      redirect(res, `/sign-in/sso?ticket=${encodeURIComponent(ticket)}&next=${encodeURIComponent(next)}`);
    } catch (error) {
      if (!(error instanceof SsoRefused)) throw error;
      await auditSsoRefused(deps.db, "saml", error.code, ip);
      redirect(res, `/sign-in?sso_error=${error.code}`);
    }
  }

  function metadata(res: ServerResponse) {
    res.writeHead(200, { "content-type": "application/samlmetadata+xml; charset=utf-8" });
    res.end(saml(requestStore(deps.db)).generateServiceProviderMetadata(null, null));
  }

  return { entityId, acsUrl, login, acs, metadata };
}

/** A path on this site to land on afterwards; anything else lands on the deals. */
function safePath(next: string | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/deals";
  return next;
}

const emailAttributes = ["email", "mail", "urn:oid:0.9.2342.19200300.100.1.3", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"];

function firstString(value: unknown): string | null {
  if (typeof value === "string" && value.trim()) return value.trim();
  if (Array.isArray(value)) return firstString(value[0]);
  return null;
}

function emailOf(profile: Profile): string | null {
  for (const name of emailAttributes) {
    const value = firstString(profile[name]);
    if (value) return value;
  }
  return profile.nameIDFormat?.endsWith(":emailAddress") ? profile.nameID : null;
}

function nameOf(profile: Profile): string | null {
  const display = firstString(profile.displayName) ?? firstString(profile["http://schemas.microsoft.com/identity/claims/displayname"]);
  if (display) return display;
  const given = firstString(profile.givenName) ?? firstString(profile["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname"]);
  const family = firstString(profile.sn) ?? firstString(profile["http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname"]);
  return [given, family].filter(Boolean).join(" ") || null;
}
