import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/server/http/security-headers";

/**
 * Every page gets a fresh nonce and a Content-Security-Policy that allows only scripts carrying
 * it: Next.js reads the nonce from the request's policy and puts it on its own scripts.
 */
export function proxy(request: NextRequest) {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const csp = contentSecurityPolicy({
    nonce,
    dev: process.env.NODE_ENV === "development",
    collabUrl: process.env.COLLAB_PUBLIC_URL ?? "ws://localhost:3001",
    https: (process.env.APP_URL ?? "").startsWith("https://"),
  });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", csp);
  return response;
}

export const config = {
  // Pages only: the API answers JSON, static files carry no script.
  matcher: [
    {
      source: "/((?!api/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
