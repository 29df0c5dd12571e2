import { QueryClient, type QueryClientConfig } from "@tanstack/react-query";
import type { TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

/**
 * The query cache's settings, the same in the browser and on the server: a page's first queries
 * run on the server, go to the browser in its HTML (superjson, as over HTTP), and are fresh there
 * for as long as any other answer.
 */
export function makeQueryClient({ mutationCache, onServer = false }: Pick<QueryClientConfig, "mutationCache"> & { onServer?: boolean } = {}): QueryClient {
  return new QueryClient({
    mutationCache,
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // On the server a failed query is left to the browser at once (which asks again and says
        // why), never retried while the page waits.
        retry: onServer
          ? false
          : (count, error) => {
              const code = (error as TRPCClientError<AppRouter>)?.data?.code;
              return count < 2 && code !== "UNAUTHORIZED" && code !== "FORBIDDEN" && code !== "NOT_FOUND";
            },
      },
      dehydrate: { serializeData: superjson.serialize },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
