import { z } from "zod";
import { listTrash, purgeFromTrash, restoreFromTrash } from "@/server/domain/trash/trash";
import { recordObjects } from "@/shared/permissions";
import { id } from "@/shared/schemas";
import { assertAllowed, permitted, readableTypes, rest, router, workspaceProcedure } from "../trpc";

const ref = z.object({ type: z.enum(recordObjects), id });

export const trashRouter = router({
  list: workspaceProcedure
    .meta(rest("GET", "/trash", "Records in the trash, newest first", "trash"))
    .output(z.array(ref.extend({ title: z.string(), deletedAt: z.date(), deletedByName: z.string().nullable() })))
    .query(({ ctx }) => listTrash(ctx.ws, readableTypes(ctx))),
  restore: workspaceProcedure
    .meta(rest("POST", "/trash/{type}/{id}/restore", "Restore a record from the trash", "trash"))
    .input(ref)
    .output(ref)
    .mutation(({ ctx, input }) => {
      // Restoring a record needs the right to delete it; purging is for owners and admins.
      assertAllowed(ctx, `${input.type}.delete`);
      return restoreFromTrash(ctx.ws, input.type, input.id);
    }),
  purge: permitted("trash.purge")
    .meta(rest("DELETE", "/trash/{type}/{id}", "Delete a record in the trash for good", "trash"))
    .input(ref)
    .output(ref)
    .mutation(({ ctx, input }) => purgeFromTrash(ctx.ws, input.type, input.id)),
});
