/**
 * The web process's API door, alone, for benchmarks: the same handler `npm start` serves /api/*
 * with (tRPC's Node adapter, REST, sessions, API keys, rate limits counted in PostgreSQL), without
 * Next.js's page handler in front of the pages nobody asks for here.
 */
import { createServer } from "node:http";
import { createDatabase } from "@/server/db/client";
import { createApiHandler } from "@/server/http/api-handler";
import { createLogger } from "@/server/observability/logger";
import { createLimits } from "@/server/security/limits";

const url = process.env.DATABASE_URL!;
const port = Number(process.env.PORT);
const database = createDatabase(url, { max: 10, applicationName: "mycrm-bench-api" });
const api = createApiHandler({
  db: database.db,
  log: createLogger("bench-api", "silent"),
  authSecret: process.env.AUTH_SECRET!,
  secureCookie: false,
  collabInternalUrl: "http://127.0.0.1:1",
  appUrl: `http://127.0.0.1:${port}`,
  limits: createLimits({ databaseUrl: url, settings: { signInPerIp: 1e9, signUpPerIp: 1e9, apiPerKey: 1e9 } }),
});
createServer((req, res) => {
  void api(req, res).then((handled) => {
    if (!handled) res.writeHead(404).end();
  });
}).listen(port, "127.0.0.1");

// Exits normally on SIGTERM (a CPU profile, when asked for, is written at exit).
process.on("SIGTERM", () => process.exit(0));
