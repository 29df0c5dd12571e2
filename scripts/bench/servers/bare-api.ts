/**
 * The ceiling for the API read benchmark: a bare Node `http` server answering the same record by
 * id with postgres.js and one query — no authentication, no transaction, no row-level security,
 * no validation.
 */
import { createServer } from "node:http";
import postgres from "postgres";

const sql = postgres(process.env.DATABASE_URL!, { max: 10, onnotice: () => {} });
const workspaceId = process.env.WORKSPACE_ID!;
createServer((req, res) => {
  const id = req.url?.match(/^\/companies\/([0-9a-f-]{36})$/)?.[1];
  if (!id) return void res.writeHead(404).end();
  sql`select id, name, domain, industry, size, tags, custom, created_at, updated_at from companies where workspace_id = ${workspaceId} and id = ${id}`.then(
    ([row]) => {
      res.writeHead(row ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(row ?? { message: "Not found" }));
    },
    () => res.writeHead(500).end(),
  );
}).listen(Number(process.env.PORT), "127.0.0.1");

// Exits normally on SIGTERM (a CPU profile, when asked for, is written at exit).
process.on("SIGTERM", () => process.exit(0));
