import { z } from "zod";
import { listTimeline, logActivity } from "@/server/domain/activities/activities";
import { logActivityInput, timelineInput } from "@/shared/schemas";
import { assertAllowed, rest, router, workspaceProcedure } from "../trpc";

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
      assertAllowed(ctx, `${input.recordType}.read`);
      return listTimeline(ctx.ws, input);
    }),
  log: workspaceProcedure
    .meta(rest("POST", "/timeline", "Log a call, meeting, email or note on a record", "timeline"))
    .input(logActivityInput)
    .output(z.object({ id: z.uuid() }))
    .mutation(({ ctx, input }) => {
      assertAllowed(ctx, `${input.recordType}.update`);
      return logActivity(ctx.ws, input);
    }),
});
