import { QueryClient, type QueryClientConfig } from "@tanstack/react-query";
import type { TRPCClientError } from "@trpc/client";
import superjson from "superjson";
import type { AppRouter } from "@/server/api/root";

/**
 * The query cache's settings, the same in the browser and on the server: a page's first queries
 * run on the server, go to the browser in its HTML (superjson, as over HTTP), and are fresh there
 * for as long as any other answer.
 */
export function makeQueryClient(config: Pick<QueryClientConfig, "mutationCache"> = {}): QueryClient {
  return new QueryClient({
    ...config,
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        retry: (count, error) => {
          const code = (error as TRPCClientError<AppRouter>)?.data?.code;
          return count < 2 && code !== "UNAUTHORIZED" && code !== "FORBIDDEN" && code !== "NOT_FOUND";
        },
      },
      dehydrate: { serializeData: superjson.serialize },
      hydrate: { deserializeData: superjson.deserialize },
    },
  });
}
