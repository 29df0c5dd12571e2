import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { getQueryClient } from "./server";

/**
 * Hands what the page's server component fetched to the browser's query cache, in the page's
 * HTML: shown at once, and read again as soon as the page is live (marked stale), so what people
 * see is never older than the page's scripts — an edit saved while the page was on its way shows.
 * A query the browser already holds keeps its own copy (hydration never replaces newer data).
 */
export function Prefetched({ children }: { children: ReactNode }) {
  const state = dehydrate(getQueryClient());
  for (const query of state.queries) query.state.dataUpdatedAt = 0;
  return <HydrationBoundary state={state}>{children}</HydrationBoundary>;
}
