import { z } from "zod";
import { listTrash, purgeFromTrash, restoreFromTrash } from "@/server/domain/trash/trash";
import { AppError } from "@/shared/errors";
import { can, keyAllows, recordObjects, type Permission, type RecordObject } from "@/shared/permissions";
import { id } from "@/shared/schemas";
import { permitted, rest, router, workspaceProcedure } from "../trpc";

const ref = z.object({ type: z.enum(recordObjects), id });

/** Restoring a record needs the right to delete it; purging is for owners and admins. */
function assertMay(ctx: { ws: { role: Parameters<typeof can>[0] }; apiKey: Parameters<typeof keyAllows>[0] | null }, type: RecordObject) {
  const permission: Permission = `${type}.delete`;
  if (!can(ctx.ws.role, permission) || (ctx.apiKey && !keyAllows(ctx.apiKey, permission))) {
    throw new AppError("FORBIDDEN", "permission.denied", "Your role does not allow this. Ask a workspace admin.");
  }
}

export const trashRouter = router({
  list: workspaceProcedure
    .meta(rest("GET", "/trash", "Records in the trash, newest first", "trash"))
    .output(z.array(ref.extend({ title: z.string(), deletedAt: z.date(), deletedByName: z.string().nullable() })))
    .query(({ ctx }) =>
      listTrash(
        ctx.ws,
        recordObjects.filter((t) => can(ctx.ws.role, `${t}.read`) && (!ctx.apiKey || keyAllows(ctx.apiKey, `${t}.read`))),
      ),
    ),
  restore: workspaceProcedure
    .meta(rest("POST", "/trash/{type}/{id}/restore", "Restore a record from the trash", "trash"))
    .input(ref)
    .output(ref)
    .mutation(({ ctx, input }) => {
      assertMay(ctx, input.type);
      return restoreFromTrash(ctx.ws, input.type, input.id);
    }),
  purge: permitted("trash.purge")
    .meta(rest("DELETE", "/trash/{type}/{id}", "Delete a record in the trash for good", "trash"))
    .input(ref)
    .output(ref)
    .mutation(({ ctx, input }) => purgeFromTrash(ctx.ws, input.type, input.id)),
});
