import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/server/env";
import { getDatabase } from "@/server/db/client";
import { signIn, SignInRefused } from "@/server/domain/auth/sign-in";
import { CLIENT_IP_HEADER, limitsOf } from "@/server/security/limits";
import { signInInput } from "@/shared/schemas/auth";

import { SESSION_IDLE_SECONDS, SESSION_RENEW_SECONDS, sessionIsCurrent } from "./session-policy";

/** Idle lifetime of a session (see session-policy.ts for the absolute one). */
export const SESSION_MAX_AGE = SESSION_IDLE_SECONDS;

export function authOptions(): NextAuthOptions {
  const e = env();
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
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          // Signing in: the session starts now (its absolute lifetime counts from here).
          token.sub = user.id;
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
