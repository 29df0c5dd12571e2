import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { stringify } from "csv-stringify";
import { createCaller } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import type { z } from "zod";
import { exportedView } from "@/server/api/routers/exports";
import { AppError } from "@/shared/errors";
import { objectOfSegment } from "@/shared/record-labels";


/**
 * GET /api/export/{companies|contacts|deals|leads}.csv?search=… (or ?view=…, a table view's filter,
 * sorts and columns as base64url JSON) — every matching record, streamed
 * a page at a time through the exports procedure (so the same permission and workspace checks
 * apply), as RFC 4180 CSV with a UTF-8 BOM for spreadsheets.
 */
export async function exportCsv(req: IncomingMessage, res: ServerResponse, path: string, ctx: Context) {
  const object = objectOfSegment(path.slice("/api/export/".length, -".csv".length));
  const params = new URL(req.url ?? "/", "http://x").searchParams;
  const search = params.get("search") ?? undefined;
  const encodedView = params.get("view");
  const caller = createCaller(ctx);
  const fail = (status: number, message: string, appCode?: string) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ message, appCode }));
  };
  if (!object) return fail(404, "There is no such export.");

  // With ?view=…, the export is that table view: its filter, sort and columns.
  let view: z.infer<typeof exportedView> | null = null;
  if (encodedView) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(Buffer.from(encodedView, "base64url").toString("utf8"));
    } catch {
      parsed = null;
    }
    const result = exportedView.safeParse(parsed);
    if (!result.success) return fail(400, "This export link does not describe a view. Export again from the table.", "export.invalid_view");
    view = result.data;
  }
  const nextPage = (after: string | null) =>
    view
      ? caller.exports.view({ object, view, cursor: after, size: 1000 })
      : caller.exports.page({ object, search, after: after ?? undefined, size: 1000 });

  let page;
  try {
    page = await nextPage(null);
  } catch (error) {
    if (error instanceof TRPCError) {
      return fail(getHTTPStatusCodeFromError(error), error.message, error.cause instanceof AppError ? error.cause.appCode : undefined);
    }
    throw error;
  }
  const day = new Date().toISOString().slice(0, 10);
  res.writeHead(200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${path.slice("/api/export/".length, -".csv".length)}-${day}.csv"`,
    "cache-control": "no-store",
  });
  res.write("\uFEFF");
  const csv = stringify();
  csv.pipe(res);
  csv.write(page.header);
  for (;;) {
    for (const row of page.rows) {
      // Respect the client's pace: a slow download never piles a million rows up in memory.
      if (!csv.write(row)) await once(csv, "drain");
    }
    if (!page.next) break;
    page = await nextPage(page.next);
  }
  csv.end();
  await new Promise((done) => res.once("finish", done));
}
