import type { NextAuthOptions } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import CredentialsProvider from "next-auth/providers/credentials";
import { and, eq } from "drizzle-orm";
import { headers } from "next/headers";
import { userIdentities, users } from "@/server/db/schema";
import { auditSsoRefused, redeemTicket, ssoSignIn, SsoRefused } from "@/server/domain/auth/sso";
import { SSO_REQUEST_COOKIE } from "@/shared/sso";
import { cookieValue } from "./session";
import { oidcProviderKey, oidcSettings, type OidcSettings } from "./sso-config";
import { env } from "@/server/env";
import { getDatabase } from "@/server/db/client";
import { signIn, SignInRefused } from "@/server/domain/auth/sign-in";
import { CLIENT_IP_HEADER, limitsOf } from "@/server/security/limits";
import { signInInput } from "@/shared/schemas/auth";

import { SESSION_IDLE_SECONDS, SESSION_RENEW_SECONDS, sessionIsCurrent } from "./session-policy";

/** Idle lifetime of a session (see session-policy.ts for the absolute one). */
export const SESSION_MAX_AGE = SESSION_IDLE_SECONDS;

interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean | string;
  name?: string;
  preferred_username?: string;
}

/** A generic OpenID Connect provider: discovery, authorization code with PKCE, state and nonce. */
function oidcProvider(s: OidcSettings): OAuthConfig<OidcProfile> {
  return {
    id: "oidc",
    name: s.name,
    type: "oauth",
    wellKnown: `${s.issuer}/.well-known/openid-configuration`,
    authorization: { params: { scope: "openid email profile" } },
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    clientId: s.clientId,
    clientSecret: s.clientSecret,
    profile: (p) => ({ id: p.sub, email: p.email ?? null, name: p.name ?? p.preferred_username ?? null }),
  };
}

/** The caller's address as the web server recorded it (next-auth's callbacks get no request). */
async function callerIp(): Promise<string | null> {
  try {
    return (await headers()).get(CLIENT_IP_HEADER);
  } catch {
    return null;
  }
}


export function authOptions(): NextAuthOptions {
  const e = env();
  const oidc = oidcSettings(e);
  return {
    secret: e.AUTH_SECRET,
    // The API reads the same cookie name (src/server/http/api-handler.ts): both follow APP_URL.
    useSecureCookies: e.APP_URL.startsWith("https://"),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE, updateAge: SESSION_RENEW_SECONDS },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: {
          email: { label: "Email", type: "email" },
          password: { label: "Password", type: "password" },
          code: { label: "Authentication code", type: "text" },
        },
        async authorize(raw, req) {
          const parsed = signInInput.safeParse(raw);
          if (!parsed.success) return null;
          const { db } = getDatabase(e.DATABASE_URL);
          const ip = String((req.headers as Record<string, unknown> | undefined)?.[CLIENT_IP_HEADER] ?? "unknown");
          try {
            return await signIn(db, limitsOf(e), { ...parsed.data, ip }, e.AUTH_SECRET);
          } catch (error) {
            // next-auth hands a thrown error's message to the page: only our own sentences.
            if (error instanceof SignInRefused) throw new Error(error.message);
            throw new Error("Signing in is not possible right now. Try again in a moment.");
          }
        },
      }),
      // A SAML sign-on that succeeded (src/server/http/saml.ts) becomes a session here, once, in
      // the browser that started it.
      CredentialsProvider({
        id: "sso-ticket",
        name: "Single sign-on",
        credentials: { ticket: { label: "Ticket", type: "text" } },
        async authorize(raw, req) {
          const ticket = typeof raw?.ticket === "string" ? raw.ticket : "";
          if (!ticket || ticket.length > 100) return null;
          const { db } = getDatabase(e.DATABASE_URL);
          const header = (req.headers as Record<string, unknown> | undefined)?.cookie;
          const requestId = cookieValue(typeof header === "string" ? header : undefined, SSO_REQUEST_COOKIE);
          try {
            return await redeemTicket(db, ticket, requestId);
          } catch (error) {
            if (error instanceof SsoRefused) throw new Error(error.code);
            throw new Error("sso.unavailable");
          }
        },
      }),
      ...(oidc ? [oidcProvider(oidc)] : []),
    ],
    callbacks: {
      async signIn({ account, profile }) {
        if (account?.provider !== "oidc" || !oidc) return true;
        const p = profile as OidcProfile | undefined;
        const { db } = getDatabase(e.DATABASE_URL);
        const ip = await callerIp();
        try {
          await ssoSignIn(
            db,
            {
              provider: oidcProviderKey(oidc),
              subject: account.providerAccountId,
              email: p?.email ?? null,
              emailVerified: oidc.trustEmail || p?.email_verified === true || p?.email_verified === "true",
              name: p?.name ?? p?.preferred_username ?? null,
            },
            ip,
          );
          return true;
        } catch (error) {
          if (!(error instanceof SsoRefused)) throw error;
          await auditSsoRefused(db, "oidc", error.code, ip);
          return `/sign-in?sso_error=${error.code}`;
        }
      },
      async jwt({ token, user, account }) {
        if (user) {
          // Signing in: the session starts now (its absolute lifetime counts from here).
          token.sub = user.id;
          if (account?.provider === "oidc" && oidc) {
            // The provider's subject, mapped to our account by the signIn callback just before.
            const { db } = getDatabase(e.DATABASE_URL);
            const [linked] = await db
              .select({ userId: userIdentities.userId, email: users.email, name: users.name })
              .from(userIdentities)
              .innerJoin(users, eq(users.id, userIdentities.userId))
              .where(and(eq(userIdentities.provider, oidcProviderKey(oidc)), eq(userIdentities.subject, account.providerAccountId)));
            if (!linked) return {};
            Object.assign(token, { sub: linked.userId, email: linked.email, name: linked.name, picture: null });
          }
          token.authTime = Date.now();
          return token;
        }
        // Every later read: a session past its absolute lifetime or ended since carries no one.
        const { db } = getDatabase(e.DATABASE_URL);
        return (await sessionIsCurrent(db, token)) ? token : {};
      },
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
