import { z } from "zod";
import { mintCollabToken, COLLAB_TOKEN_TTL_SECONDS } from "@/server/auth/collab-token";
import { authorizeDocument } from "@/server/domain/collab/authorize-document";
import { findUser } from "@/server/domain/workspaces/memberships";
import { router, sessionProcedure } from "../trpc";

export const collabRouter = router({
  /** A short-lived token for one document, checked again by the collab-server on connect. */
  token: sessionProcedure
    .input(z.object({ document: z.string().max(100) }))
    .output(z.object({ token: z.string(), readOnly: z.boolean(), expiresIn: z.number(), user: z.object({ id: z.uuid(), name: z.string() }) }))
    .mutation(async ({ ctx, input }) => {
      const access = await authorizeDocument(ctx.db, ctx.user.id, input.document);
      const user = await findUser(ctx.db, ctx.user.id);
      const name = user?.name ?? ctx.user.name ?? "Someone";
      const token = await mintCollabToken(ctx.authSecret, { userId: ctx.user.id, document: input.document, name });
      return { token, readOnly: access.readOnly, expiresIn: COLLAB_TOKEN_TTL_SECONDS, user: { id: ctx.user.id, name } };
    }),
});
