/**
 * How many statements one API request sends to PostgreSQL, and which: `npx tsx
 * scripts/bench/count-queries.ts` (a profiling aid for the API benchmarks).
 */
import { randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { createCaller } from "@/server/api/root";
import * as schema from "@/server/db/schema";
import { signUp } from "@/server/domain/auth/sign-up";
import { createApiHandler } from "@/server/http/api-handler";
import { createLogger } from "@/server/observability/logger";
import { createLimits } from "@/server/security/limits";
import { benchDatabase } from "./lib";

const statements: string[] = [];
const db = await benchDatabase();
const sql = postgres(db.appUrl, { max: 4, onnotice: () => {}, debug: (_c, query) => statements.push(query.replace(/\s+/g, " ").slice(0, 110)) });
const orm = drizzle(sql, { schema });
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
const get = () => fetch(`http://127.0.0.1:${port}/api/v1/companies/${company.id}`, { headers: { authorization: `Bearer ${key}` } });
await get();
statements.length = 0;
const res = await get();
process.stdout.write(`REST GET /companies/{id} → ${res.status}: ${statements.length} statements through postgres.js (+1 rate-limit upsert through pg):\n${statements.map((s) => `  ${s}`).join("\n")}\n`);
server.close();
await limits.close();
await sql.end();
await db.stop();
process.exit(0);
