import { z } from "zod";
import { changeHub, changedTypes } from "@/server/realtime/record-changes";
import { asUser, findMembership } from "@/server/domain/workspaces/memberships";
import { AppError } from "@/shared/errors";
import { can, keyAllows } from "@/shared/permissions";
import { authedProcedure, router } from "../trpc";

export const liveRouter = router({
  /**
   * Which kinds of record changed in the caller's workspace, as changes commit (Server-Sent
   * Events): open lists, boards and pages read again. Only the kinds the caller may read.
   * Not in a transaction: a subscription stays open for as long as the page does.
   */
  changes: authedProcedure
    .input(z.object({}).optional())
    .subscription(async function* ({ ctx, signal }) {
      const membership = await asUser(ctx.db, ctx.user.id, (tx) => findMembership(tx, ctx.user.id, ctx.apiKey ? ctx.apiKey.workspaceId : ctx.workspaceId));
      if (!membership) throw new AppError("FORBIDDEN", "workspace.not_member", "You are not a member of this workspace.");
      const readable = new Set<string>(
        changedTypes.filter(
          (t) => t !== "comment" && t !== "document" && can(membership.role, `${t}.read`) && (!ctx.apiKey || keyAllows(ctx.apiKey, `${t}.read`)),
        ),
      );
      // Comments and shared documents live on records: whoever reads records hears that they changed.
      if (readable.size) {
        readable.add("comment");
        readable.add("document");
      }
      for await (const change of changeHub(ctx.db).changes(membership.workspaceId, signal, ctx.user.id)) {
        if (change.type === "notification") {
          if (change.userId === ctx.user.id && !ctx.apiKey) yield { type: change.type };
        } else if (readable.has(change.type)) yield { type: change.type };
      }
      // Ended by a change of the caller's access: the client subscribes again and is checked anew.
      if (!signal?.aborted) throw new AppError("FORBIDDEN", "workspace.access_changed", "Your access to this workspace changed.");
    }),
});
