import type { IncomingMessage, ServerResponse } from "node:http";
import { randomUUID } from "node:crypto";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import { appRouter } from "@/server/api/root";
import { createContext } from "@/server/api/trpc";
import { readSession } from "@/server/auth/session";
import type { Db } from "@/server/db/client";
import { getWebMetrics } from "@/server/observability/metrics";
import type { Logger } from "@/server/observability/logger";
import { checkHealth } from "./health";
import { WORKSPACE_COOKIE } from "@/shared/constants";


function cookieValue(header: string | undefined, name: string): string | null {
  const match = header?.match(new RegExp(`(?:^|;\\s*)${name}=([^;]+)`));
  return match ? decodeURIComponent(match[1]!) : null;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ApiDeps {
  db: Db;
  log: Logger;
  authSecret: string;
  secureCookie: boolean;
  collabInternalUrl: string;
}

/**
 * The API paths, served straight by tRPC's Node adapter and small handlers (not through Next):
 * several times the throughput on the same hardware. Returns false for paths it does not own.
 */
export function createApiHandler(deps: ApiDeps) {
  const { registry, m } = getWebMetrics();

  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    async createContext({ req }) {
      const requestId = (req.headers["x-request-id"] as string | undefined) ?? randomUUID();
      const user = await readSession(req.headers, { secret: deps.authSecret, secureCookie: deps.secureCookie });
      const chosen = (req.headers["x-workspace-id"] as string | undefined) ?? cookieValue(req.headers.cookie, WORKSPACE_COOKIE);
      return createContext({
        db: deps.db,
        user,
        workspaceId: chosen && uuidPattern.test(chosen) ? chosen : null,
        requestId,
        log: deps.log.child({ requestId, userId: user?.id }),
        authSecret: deps.authSecret,
      });
    },
  });

  function json(res: ServerResponse, status: number, body: unknown) {
    res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify(body));
  }

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const path = (req.url ?? "/").split("?")[0]!;
    let route: string;
    if (path.startsWith("/api/trpc/")) route = "trpc";
    else if (path === "/api/core/health/" || path === "/api/core/health") route = "health";
    else if (path === "/api/core/metrics/" || path === "/api/core/metrics") route = "metrics";
    else return false;

    const end = m.httpDuration.startTimer({ route, method: req.method });
    res.on("finish", () => {
      end();
      m.httpRequests.inc({ route, method: req.method, status: String(res.statusCode) });
    });

    if (route === "trpc") {
      await trpc(req, res);
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
