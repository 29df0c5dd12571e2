import { z } from "zod";
import { globalSearch } from "@/server/domain/search/global-search";
import { recordObjects } from "@/shared/permissions";
import { readableTypes, rest, router, workspaceProcedure } from "../trpc";

export const searchRouter = router({
  /** One box for every record type the caller may read (role and API key scope both apply). */
  global: workspaceProcedure
    .meta(rest("GET", "/search", "Search companies, contacts and deals by name, email, domain or title", "search"))
    .input(
      z.object({
        q: z.string().trim().min(1, { message: "Type something to search for." }).max(100),
        limit: z.number().int().min(1).max(50).default(20),
      }),
    )
    .output(
      z.array(z.object({ type: z.enum(recordObjects), id: z.uuid(), title: z.string(), subtitle: z.string().nullable(), score: z.number() })),
    )
    .query(({ ctx, input }) => globalSearch(ctx.ws, { q: input.q, limit: input.limit, types: readableTypes(ctx) })),
});
