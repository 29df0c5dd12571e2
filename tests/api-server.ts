import { createServer, type Server } from "node:http";
import { encode } from "next-auth/jwt";
import { createApiHandler } from "@/server/http/api-handler";
import { createLogger } from "@/server/observability/logger";
import type { Limits } from "@/server/security/limits";
import type { SamlSettings } from "@/server/auth/sso-config";
import type { Db } from "@/server/db/client";
import { appDatabase, TEST_SECRET } from "./helpers";

/** The web process's API handler on a real HTTP server (Next is not needed for API paths). */
export async function startApiServer(opts: { collabInternalUrl?: string; limits?: Limits; corsOrigins?: string[]; saml?: SamlSettings; db?: Db } = {}) {
  const api = createApiHandler({
    saml: opts.saml ?? null,
    corsOrigins: opts.corsOrigins,
    limits: opts.limits ?? null,
    db: opts.db ?? appDatabase().db,
    log: createLogger("test", process.env.API_TEST_LOG ?? "silent"),
    authSecret: TEST_SECRET,
    secureCookie: false,
    collabInternalUrl: opts.collabInternalUrl ?? "http://127.0.0.1:1",
    appUrl: "http://localhost:3000",
  });
  const server: Server = createServer((req, res) => {
    void api(req, res).then((handled) => {
      if (!handled) res.writeHead(404).end("not an API path");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  return { base, close: () => new Promise((r) => server.close(r)) };
}

/** The cookie next-auth sets at sign-in, made with the same secret. */
export async function sessionCookie(user: { id: string; email: string; name: string }, authTime = Date.now()) {
  const token = await encode({ token: { sub: user.id, email: user.email, name: user.name, authTime }, secret: TEST_SECRET });
  return `next-auth.session-token=${token}`;
}
