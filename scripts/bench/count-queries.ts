/**
 * How many statements one API request sends to PostgreSQL, and which: `npx tsx
 * scripts/bench/count-queries.ts` (a profiling aid for the API benchmarks).
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { Socket } from "node:net";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { createCaller } from "@/server/api/root";
import { createDatabase } from "@/server/db/client";
import * as schema from "@/server/db/schema";
import { signUp } from "@/server/domain/auth/sign-up";
import { createApiHandler } from "@/server/http/api-handler";
import { createLogger } from "@/server/observability/logger";
import { createLimits } from "@/server/security/limits";
import { benchDatabase, sessionCookie } from "./lib";

const statements: string[] = [];
// Every write to PostgreSQL's port, whichever driver makes it: each is a round trip's first half.
let writes = 0;
let pgPort = 0;
const write = Socket.prototype.write;
Socket.prototype.write = function (this: Socket, ...args: Parameters<Socket["write"]>) {
  if (this.remotePort === pgPort) writes++;
  return write.apply(this, args);
} as Socket["write"];
const db = await benchDatabase();
pgPort = Number(new URL(db.appUrl).port || 5432);
const app = createDatabase(db.appUrl, { max: 4, debug: (_c, query) => statements.push(`[write ${writes + 1}] ` + query.replace(/\s+/g, " ").slice(0, 110)) });
const orm = app.db;
const owner = drizzle(postgres(db.ownerUrl, { max: 1, onnotice: () => {} }), { schema });
const { user, workspace } = await signUp(owner, { name: "Q", email: `q-${randomUUID().slice(0, 6)}@bench.local`, password: "count-queries-pass", workspaceName: "Q" });
const caller = createCaller({ db: orm, user, apiKey: null, workspaceId: workspace.id, requestId: "x", log: createLogger("q", "silent"), authSecret: "s".repeat(40) });
const company = await caller.companies.create({ name: "Counted" });
const key = (await caller.apiKeys.create({ name: "q", access: "read", objects: ["company"] })).token;
const limits = createLimits({ databaseUrl: db.appUrl, settings: { signInPerIp: 1e9, signUpPerIp: 1e9, apiPerKey: 1e9 } });
const api = createApiHandler({ db: orm, log: createLogger("q", "silent"), authSecret: "s".repeat(40), secureCookie: false, collabInternalUrl: "http://127.0.0.1:1", limits });
const server = createServer((req, res) => void api(req, res));
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as { port: number }).port;
/** Runs a request 20 times to warm the pool's statements up, then once counted; prints what it cost. */
async function count(label: string, send: () => Promise<Response>) {
  for (let i = 0; i < 20; i++) await send();
  statements.length = 0;
  writes = 0;
  const res = await send();
  process.stdout.write(`${label} → ${res.status}: ${statements.length} statements, ${writes} writes to PostgreSQL in all:\n${statements.map((s) => `  ${s}`).join("\n")}\n\n`);
}
const stage = (await caller.deals.pipelines())[0]!.stages[0]!;
const deal = await caller.deals.create({ title: "Counted deal", stageId: stage.id, amount: 100 });
const base = `http://127.0.0.1:${port}`;
const cookie = await sessionCookie(user, "s".repeat(40));
await count("REST GET /companies/{id} (API key; the rate-limit count is one of the writes)", () =>
  fetch(`${base}/api/v1/companies/${company.id}`, { headers: { authorization: `Bearer ${key}` } }),
);
await count("tRPC companies.get (session)", () =>
  fetch(`${base}/api/trpc/companies.get?input=${encodeURIComponent(JSON.stringify({ json: { id: company.id } }))}`, { headers: { cookie } }),
);
await count("tRPC deals.update (session)", () =>
  fetch(`${base}/api/trpc/deals.update`, {
    method: "POST",
    headers: { cookie, "content-type": "application/json", origin: base },
    body: JSON.stringify({ json: { id: deal.id, title: `Counted deal ${randomUUID().slice(0, 4)}` } }),
  }),
);
server.close();
await limits.close();
await app.close();
await db.stop();
process.exit(0);
