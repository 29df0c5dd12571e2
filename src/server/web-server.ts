/**
 * The web process: one Node HTTP server. API paths go straight to tRPC's Node adapter and our own
 * handlers; every other path goes to Next.js's request handler.
 */
import { createServer } from "node:http";
import next from "next";
import { env } from "./env";
import { exitOnEnvError } from "./env-core";
import { getDatabase } from "./db/client";
import { createApiHandler } from "./http/api-handler";
import { createLogger } from "./observability/logger";
import { CLIENT_IP_HEADER, clientIp, limitsOf } from "./security/limits";
import { baseSecurityHeaders } from "./http/security-headers";
import { samlSettings } from "./auth/sso-config";
import { parseKeyring } from "./security/keyring";

async function main() {
  let e;
  try {
    e = env();
  } catch (error) {
    exitOnEnvError(error);
  }
  const log = createLogger("web", e.LOG_LEVEL);
  const dev = e.NODE_ENV === "development";
  const database = getDatabase(e.DATABASE_URL);
  const api = createApiHandler({
    db: database.db,
    log,
    authSecret: e.AUTH_SECRET,
    secureCookie: e.APP_URL.startsWith("https://"),
    collabInternalUrl: e.COLLAB_INTERNAL_URL,
    appUrl: e.APP_URL,
    limits: limitsOf(e),
    adminNetworks: e.ADMIN_IP_ALLOWLIST,
    corsOrigins: e.API_CORS_ORIGINS,
    saml: samlSettings(e),
    keyring: parseKeyring(e.ENCRYPTION_KEYS, e.AUTH_SECRET),
  });

  const server = createServer();
  const app = next({ dev, dir: process.cwd(), hostname: e.HOST, port: e.PORT, httpServer: server });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  const securityHeaders = baseSecurityHeaders({ https: e.APP_URL.startsWith("https://") });
  server.on("request", (req, res) => {
    for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
    // Who is calling, for rate limits: set here, so a client cannot choose it.
    req.headers[CLIENT_IP_HEADER] = clientIp(req, e.TRUST_PROXY);
    api(req, res)
      .then((handled) => (handled ? undefined : handleNext(req, res)))
      .catch((error: unknown) => {
        log.error({ err: error, url: req.url }, "request failed");
        if (!res.headersSent) {
          res.writeHead(500, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: "Something went wrong on our side." }));
        }
      });
  });

  server.on("error", (error: NodeJS.ErrnoException) => {
    const reason = error.code === "EADDRINUSE" ? `port ${e.PORT} is already in use (set PORT to another port)` : error.message;
    process.stderr.write(`The web server could not start: ${reason}\n`);
    process.exit(1);
  });
  server.listen(e.PORT, e.HOST, () => {
    log.info({ port: e.PORT, dev }, `web listening on ${e.APP_URL}`);
  });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "web stopping");
    server.closeIdleConnections();
    // Requests in flight get a few seconds to finish; then open connections are closed.
    const force = setTimeout(() => server.closeAllConnections(), 5000);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    clearTimeout(force);
    await database.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
  // Started by the launcher: stop if it goes away, whatever way it went.
  process.on("disconnect", () => void stop("launcher gone"));
}

main().catch((error: unknown) => {
  process.stderr.write(`The web server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
