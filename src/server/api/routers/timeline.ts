import { z } from "zod";
import { listTimeline, logActivity } from "@/server/domain/activities/activities";
import { AppError } from "@/shared/errors";
import { can, keyAllows, type Permission } from "@/shared/permissions";
import { logActivityInput, timelineInput } from "@/shared/schemas";
import { rest, router, workspaceProcedure } from "../trpc";

/** The permission the record type needs, checked against the role and any API key. */
function require(ctx: { ws: { role: Parameters<typeof can>[0] }; apiKey: Parameters<typeof keyAllows>[0] | null }, permission: Permission) {
  if (ctx.apiKey && !keyAllows(ctx.apiKey, permission)) {
    throw new AppError("FORBIDDEN", "apikey.scope", `This API key is not allowed to do this (${permission}).`);
  }
  if (!can(ctx.ws.role, permission)) throw new AppError("FORBIDDEN", "permission.denied", "Your role does not allow this. Ask a workspace admin.");
}

const entry = z.object({
  id: z.uuid(),
  kind: z.string(),
  data: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
  actorName: z.string().nullable(),
});

export const timelineRouter = router({
  /** Any record's timeline: stage changes, field changes, notes, calls, meetings, emails, tasks. */
  list: workspaceProcedure
    .meta(rest("GET", "/timeline", "A record's timeline, newest first, paginated", "timeline"))
    .input(timelineInput)
    .output(z.object({ items: z.array(entry), next: z.string().nullable() }))
    .query(({ ctx, input }) => {
      require(ctx, `${input.recordType}.read`);
      return listTimeline(ctx.ws, input);
    }),
  log: workspaceProcedure
    .meta(rest("POST", "/timeline", "Log a call, meeting, email or note on a record", "timeline"))
    .input(logActivityInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => {
      require(ctx, `${input.recordType}.update`);
      return logActivity(ctx.ws, input);
    }),
});
