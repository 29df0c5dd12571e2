import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/server/env";
import { getDatabase } from "@/server/db/client";
import { signIn, SignInRefused } from "@/server/domain/auth/sign-in";
import { CLIENT_IP_HEADER, limitsOf } from "@/server/security/limits";
import { signInInput } from "@/shared/schemas/auth";

/** Session lifetime: 8 hours, refreshed at most every 15 minutes of activity. */
export const SESSION_MAX_AGE = 8 * 60 * 60;

export function authOptions(): NextAuthOptions {
  const e = env();
  return {
    secret: e.AUTH_SECRET,
    // The API reads the same cookie name (src/server/http/api-handler.ts): both follow APP_URL.
    useSecureCookies: e.APP_URL.startsWith("https://"),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE, updateAge: 15 * 60 },
    pages: { signIn: "/sign-in" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, req) {
          const parsed = signInInput.safeParse(raw);
          if (!parsed.success) return null;
          const { db } = getDatabase(e.DATABASE_URL);
          const ip = String((req.headers as Record<string, unknown> | undefined)?.[CLIENT_IP_HEADER] ?? "unknown");
          try {
            return await signIn(db, limitsOf(e), { ...parsed.data, ip });
          } catch (error) {
            // next-auth hands a thrown error's message to the page: only our own sentences.
            if (error instanceof SignInRefused) throw new Error(error.message);
            throw new Error("Signing in is not possible right now. Try again in a moment.");
          }
        },
      }),
    ],
    callbacks: {
      jwt({ token, user }) {
        if (user) token.sub = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && token.sub) (session.user as { id?: string }).id = token.sub;
        return session;
      },
    },
  };
}
