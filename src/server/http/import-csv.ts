import { readBody } from "./body";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { stringify } from "csv-stringify/sync";
import { createCaller } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import { MAX_IMPORT_BYTES } from "@/server/domain/imports/parse";
import { AppError } from "@/shared/errors";
import { objectOfSegment } from "@/shared/record-labels";


function send(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function failure(res: ServerResponse, error: unknown) {
  if (error instanceof TRPCError) {
    return send(res, getHTTPStatusCodeFromError(error), { message: error.message, appCode: error.cause instanceof AppError ? error.cause.appCode : "input.invalid" });
  }
  throw error;
}

/**
 * POST /api/import/{companies|contacts|deals|leads}?name=file.csv with the file as the body —
 * the upload step of an import, through the imports procedures (same checks as every door).
 * GET /api/import/{id}/errors.csv — the rows that failed, with why, to fix and import again.
 */
export async function importCsv(req: IncomingMessage, res: ServerResponse, path: string, ctx: Context) {
  const caller = createCaller(ctx);
  const upload = /^\/api\/import\/([a-z]+)$/.exec(path);
  if (upload && req.method === "POST") {
    const object = objectOfSegment(upload[1]!);
    if (!object) return send(res, 404, { message: "There is no such import.", appCode: "import.unknown_type" });
    // A file type, never a form's: a cross-site form cannot post one (and so cannot ride a session cookie).
    const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "text/csv" && type !== "application/octet-stream" && type !== "text/tab-separated-values") {
      return send(res, 415, { message: "Send the file as text/csv.", appCode: "import.content_type" });
    }
    const content = await readBody(req, MAX_IMPORT_BYTES);
    if (content === null) return send(res, 413, { message: "The file is larger than 20 MB. Split it into smaller files.", appCode: "import.too_large" });
    const fileName = new URL(req.url ?? "/", "http://x").searchParams.get("name") || "import.csv";
    try {
      return send(res, 200, await caller.imports.create({ object, fileName, content }));
    } catch (error) {
      return failure(res, error);
    }
  }
  const report = /^\/api\/import\/([0-9a-f-]{36})\/errors\.csv$/.exec(path);
  if (report && req.method === "GET") {
    try {
      const errors = await caller.imports.errors({ id: report[1]! });
      const name = errors.fileName.replace(/\.[^.]+$/, "").replace(/[^\w.-]+/g, "-");
      res.writeHead(200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${name}-errors.csv"`,
        "cache-control": "no-store",
      });
      res.end("\uFEFF" + stringify([errors.header, ...errors.rows]));
      return;
    } catch (error) {
      return failure(res, error);
    }
  }
  send(res, 404, { message: "Not found" });
}
