import { z } from "zod";
import { listTags, renameTag } from "@/server/domain/tags/tags";
import { can, keyAllows, recordObjects } from "@/shared/permissions";
import { tag } from "@/shared/schemas";
import { AppError } from "@/shared/errors";
import { readableTypes, rest, router, workspaceProcedure } from "../trpc";

export const tagsRouter = router({
  list: workspaceProcedure
    .meta(rest("GET", "/tags", "Tags in use, most used first", "tags"))
    .input(z.object({ object: z.enum(recordObjects).optional() }))
    .output(z.array(z.object({ tag: z.string(), count: z.number().int() })))
    .query(({ ctx, input }) => {
      const readable = readableTypes(ctx);
      return listTags(ctx.ws, input.object ? readable.filter((o) => o === input.object) : readable);
    }),
  rename: workspaceProcedure
    .meta(rest("POST", "/tags/rename", "Rename a tag on every record (renaming into an existing tag merges them)", "tags"))
    .input(z.object({ from: tag, to: tag }))
    .output(z.object({ changed: z.number().int() }))
    .mutation(({ ctx, input }) => {
      // Renaming touches records of every type: it needs the right to change all of them.
      const all = recordObjects.every((o) => can(ctx.ws.role, `${o}.update`) && (!ctx.apiKey || keyAllows(ctx.apiKey, `${o}.update`)));
      if (!all) throw new AppError("FORBIDDEN", "permission.denied", "Renaming a tag changes every kind of record; your role or key does not allow that.");
      return renameTag(ctx.ws, recordObjects, input.from, input.to);
    }),
});
