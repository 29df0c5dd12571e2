import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { createOpenApiNodeHttpHandler } from "trpc-to-openapi";
import { appRouter } from "@/server/api/root";
import { createContext, isDatabaseDown } from "@/server/api/trpc";
import { cookieValue, readSession } from "@/server/auth/session";
import type { Db } from "@/server/db/client";
import { authenticateApiKey } from "@/server/domain/api-keys/api-keys";
import { getWebMetrics } from "@/server/observability/metrics";
import type { Logger } from "@/server/observability/logger";
import type { BlockList } from "node:net";
import { CLIENT_IP_HEADER, type Limits } from "@/server/security/limits";
import { WORKSPACE_COOKIE } from "@/shared/constants";
import { checkHealth } from "./health";
import { docsAsset, docsPage, openApiDocument } from "./openapi";
import { exportCsv } from "./export-csv";
import { importCsv } from "./import-csv";
import { samlPaths, samlServiceProvider } from "./saml";
import { oauthEndpoints, oauthPaths } from "./oauth";
import { authenticateAccessToken, isAccessToken } from "@/server/domain/api-keys/tokens";
import type { SamlSettings } from "@/server/auth/sso-config";
import type { Keyring } from "@/server/security/keyring";


const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApiDeps {
  db: Db;
  log: Logger;
  authSecret: string;
  secureCookie: boolean;
  collabInternalUrl: string;
  /** Where the app is reached, for the servers listed in the OpenAPI document. */
  appUrl?: string;
  /** Rate limits (API keys, sign-up); none when absent. */
  limits?: Limits | null;
  /** Where administration is allowed from; anywhere when absent. */
  adminNetworks?: BlockList | null;
  /** Web origins whose pages may call the REST API with a key (API_CORS_ORIGINS); none by default. */
  corsOrigins?: string[];
  /** The keys of sensitive fields (ENCRYPTION_KEYS); derived from the auth secret when absent. */
  keyring?: Keyring;
  /** SAML single sign-on (SAML_ENTRY_POINT…); off when absent. */
  saml?: SamlSettings | null;
}

/**
 * The API paths, served straight by tRPC's Node adapter and small handlers (not through Next):
 * several times the throughput on the same hardware. Returns false for paths it does not own.
 */
export function createApiHandler(deps: ApiDeps) {
  const { registry, m } = getWebMetrics();

  /** Who is calling: an API key (Authorization: Bearer mcrm_…) or the next-auth session cookie. */
  /**
   * Who is calling — and, when the database cannot even be asked that, a context that answers
   * every procedure with 503 and a sentence (instead of a 500 from the adapter).
   */
  async function contextFor(req: IncomingMessage, res?: ServerResponse) {
    try {
      return await identify(req, res);
    } catch (error) {
      if (!isDatabaseDown(error)) {
        deps.log.error({ err: error, url: req.url }, "could not tell who is calling");
        throw error;
      }
      const requestId = (req.headers["x-request-id"] as string | undefined) ?? randomUUID();
      return createContext({ db: deps.db, user: null, apiKey: null, workspaceId: null, requestId, log: deps.log.child({ requestId }), authSecret: deps.authSecret, databaseDown: true });
    }
  }

  async function identify(req: IncomingMessage, res?: ServerResponse) {
    const requestId = (req.headers["x-request-id"] as string | undefined) ?? randomUUID();
    const bearer = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
    // An API key, or an access token minted from one (it acts as its key).
    const apiKey = bearer ? await (isAccessToken(bearer) ? authenticateAccessToken(deps.db, bearer) : authenticateApiKey(deps.db, bearer)) : null;
    // Each API key has its budget of requests a minute; past it, 429 with Retry-After.
    const verdict = apiKey && deps.limits ? await deps.limits.take(deps.limits.apiKey, apiKey.id) : null;
    const rateLimited = verdict && !verdict.ok ? { retryAfterMs: verdict.retryAfterMs } : null;
    if (rateLimited) res?.setHeader("retry-after", String(Math.ceil(rateLimited.retryAfterMs / 1000)));
    const user = apiKey
      ? { id: apiKey.userId, email: null, name: null }
      : bearer
        ? null
        : await readSession(req.headers, { secret: deps.authSecret, secureCookie: deps.secureCookie, db: deps.db });
    const chosen = (req.headers["x-workspace-id"] as string | undefined) ?? cookieValue(req.headers.cookie, WORKSPACE_COOKIE);
    return createContext({
      db: deps.db,
      user,
      apiKey,
      rejectedBearer: Boolean(bearer && !apiKey),
      workspaceId: chosen && uuidPattern.test(chosen) ? chosen : null,
      requestId,
      log: deps.log.child({ requestId, userId: user?.id, apiKeyId: apiKey?.id }),
      authSecret: deps.authSecret,
      limits: deps.limits ?? null,
      clientIp: (req.headers[CLIENT_IP_HEADER] as string | undefined) ?? req.socket.remoteAddress ?? null,
      rateLimited,
      adminNetworks: deps.adminNetworks ?? null,
      keyring: deps.keyring,
    });
  }

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: ({ req, res }) => contextFor(req, res as ServerResponse),
  });

  const rest = createOpenApiNodeHttpHandler({
    router: appRouter,
    createContext: ({ req, res }: { req: IncomingMessage; res: unknown }) => contextFor(req, res as ServerResponse),
    maxBodySize: 1024 * 1024,
  });

  const saml = deps.saml && deps.appUrl ? samlServiceProvider({ db: deps.db, log: deps.log, settings: deps.saml, appUrl: deps.appUrl, secureCookie: deps.secureCookie }) : null;

  const oauth = oauthEndpoints({ db: deps.db, limits: deps.limits });
  const callerIp = (req: IncomingMessage) => (req.headers[CLIENT_IP_HEADER] as string | undefined) ?? req.socket.remoteAddress ?? null;

  const safeMethods = new Set(["GET", "HEAD", "OPTIONS"]);
  const appOrigin = deps.appUrl ? new URL(deps.appUrl).origin : null;
  /** The request's Origin is this app's (APP_URL), or, without APP_URL, the host it was sent to. */
  function sameOrigin(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin) return false;
    return appOrigin ? origin === appOrigin : origin === `http://${req.headers.host}` || origin === `https://${req.headers.host}`;
  }

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? "/").split("?")[0]!;
    let route: string;
    if (path.startsWith("/api/trpc/")) route = "trpc";
    else if (path.startsWith("/api/v1/")) route = "rest";
    else if (path === "/api/openapi.json") route = "openapi";
    else if (path === "/api/docs" || path.startsWith("/api/docs/")) route = "docs";
    else if (/^\/api\/export\/[a-z]+\.csv$/.test(path)) route = "export";
    else if (path.startsWith("/api/import/")) route = "import";
    else if (path === "/api/core/health/" || path === "/api/core/health") route = "health";
    else if (path === "/api/core/metrics/" || path === "/api/core/metrics") route = "metrics";
    else if (path === samlPaths.login || path === samlPaths.acs || path === samlPaths.metadata) route = "saml";
    else if (path === oauthPaths.token || path === oauthPaths.revoke) route = "oauth";
    else return false;

    const end = m.httpDuration.startTimer({ route, method: req.method });
    res.on("finish", () => {
      end();
      m.httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
    });

    // CORS: closed, except the REST API for the origins an admin listed, and only with an API key
    // (no cookies cross-site). Preflights are answered here.
    if (route === "rest" && req.headers.origin) {
      const allowed = deps.corsOrigins?.includes(req.headers.origin) ?? false;
      if (allowed) {
        res.setHeader("Access-Control-Allow-Origin", req.headers.origin);
        res.setHeader("Vary", "Origin");
      }
      if (req.method === "OPTIONS") {
        if (allowed) {
          res.setHeader("Access-Control-Allow-Methods", "GET, POST, PUT, PATCH, DELETE");
          res.setHeader("Access-Control-Allow-Headers", "authorization, content-type, x-request-id");
          res.setHeader("Access-Control-Max-Age", "600");
        }
        res.writeHead(allowed ? 204 : 403).end();
        return true;
      }
    }

    // Cross-site request forgery: a change made with the session cookie must come from a page of
    // this site (browsers send Origin with every POST, PUT, PATCH and DELETE). API keys, sent by
    // programs in a header, are not at risk.
    // (The SAML response is posted by the identity provider's page: its signature is its proof.)
    if (!safeMethods.has(req.method ?? "GET") && route !== "saml" && !req.headers.authorization && req.headers.cookie && !sameOrigin(req)) {
      json(res, 403, { code: "csrf.origin", message: "This change did not come from a MyCRM page. Reload the page and try again." });
      return true;
    }

    if (route === "trpc") {
      await trpc(req, res);
    } else if (route === "rest") {
      // The REST paths in the OpenAPI document are relative to /api/v1.
      req.url = req.url!.slice("/api/v1".length);
      await rest(req as IncomingMessage & { body?: unknown; query?: unknown }, res);
    } else if (route === "openapi") {
      json(res, 200, openApiDocument(deps.appUrl ?? `http://${req.headers.host ?? "localhost"}`));
    } else if (route === "docs") {
      const asset = path === "/api/docs" || path === "/api/docs/" ? null : path.slice("/api/docs/".length);
      if (asset === null) {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" });
        res.end(docsPage());
      } else {
        const file = await docsAsset(asset);
        if (!file) json(res, 404, { message: "Not found" });
        else {
          res.writeHead(200, { "content-type": file.type, "cache-control": "public, max-age=86400" });
          res.end(file.body);
        }
      }
    } else if (route === "export") {
      await exportCsv(req, res, path, await contextFor(req, res));
    } else if (route === "import") {
      await importCsv(req, res, path, await contextFor(req, res));
    } else if (route === "saml") {
      if (!saml) json(res, 404, { code: "sso.not_configured", message: "SAML single sign-on is not set up on this server." });
      else if (path === samlPaths.login && req.method === "GET") await saml.login(req, res);
      else if (path === samlPaths.acs && req.method === "POST") await saml.acs(req, res, callerIp(req));
      else if (path === samlPaths.metadata && req.method === "GET") saml.metadata(res);
      else json(res, 405, { code: "http.method", message: "Method not allowed." });
    } else if (route === "oauth") {
      await (path === oauthPaths.token ? oauth.token : oauth.revoke)(req, res, callerIp(req));
    } else if (route === "health") {
      const health = await checkHealth(deps.db, deps.collabInternalUrl);
      json(res, health.down.length ? 503 : 200, health);
    } else {
      res.writeHead(200, { "content-type": registry.contentType });
      res.end(await registry.metrics());
    }
    return true;
  };
}
