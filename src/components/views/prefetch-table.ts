import "server-only";
import type { RecordObject } from "@/shared/permissions";
import { defaultViews } from "@/shared/views";
import { getQueryClient, serverTrpc } from "@/trpc/server";
import { sanitizeView, viewQueries } from "./view-state";

/**
 * A list page's first queries, run while the page renders (see Prefetched): its fields and
 * members, and — for the default view — its first page of rows and their count, so the rows are in
 * the page's HTML rather than behind a chain of requests made once its scripts run. A saved view
 * (`?view=`) is read from the address after hydration, so its rows are left to the browser; so is
 * the list of saved views, whose menu would otherwise offer choices before the page can act on
 * them. Whatever fails here is left to the browser too, which says why.
 */
export async function prefetchTable(object: RecordObject, view: string | string[] | undefined) {
  const trpc = serverTrpc();
  const queryClient = getQueryClient();
  const fields = await Promise.all([
    queryClient.fetchQuery(trpc.records.fields.queryOptions({ object })),
    queryClient.prefetchQuery(trpc.workspace.members.queryOptions()),
  ]).then(
    ([fields]) => fields,
    () => null,
  );
  if (!fields?.length || view !== undefined) return;
  const config = sanitizeView(defaultViews[object], fields);
  const { rows, count } = viewQueries(object, config, fields, (config.search ?? "").trim());
  await Promise.all([queryClient.prefetchInfiniteQuery(trpc.records.query.infiniteQueryOptions(rows, { getNextPageParam: (last) => last.nextCursor })), queryClient.prefetchQuery(trpc.records.count.queryOptions(count))]);
}
