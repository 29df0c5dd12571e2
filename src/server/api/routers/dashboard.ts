import { z } from "zod";
import { dashboardSummary } from "@/server/domain/dashboard/dashboard";
import { assertAllowed, rest, router, workspaceProcedure } from "../trpc";

const money = z.array(z.object({ currency: z.string(), amount: z.number() }));

export const dashboardRouter = router({
  /** The pipeline at a glance: stages, forecast, this month's wins, win rate, deals closing soon, your tasks. */
  summary: workspaceProcedure
    .meta(rest("GET", "/dashboard", "The pipeline at a glance: stages, forecast, this month's wins and losses, win rate, deals closing soon, your tasks", "dashboard"))
    .input(z.object({ scope: z.enum(["workspace", "mine"]).default("workspace") }).default({ scope: "workspace" }))
    .output(
      z.object({
        scope: z.enum(["workspace", "mine"]),
        stages: z.array(z.object({ id: z.uuid(), name: z.string(), kind: z.enum(["open", "won", "lost"]), pipeline: z.string(), count: z.number().int(), value: money })),
        open: z.object({ count: z.number().int(), value: money, weighted: money }),
        wonThisMonth: z.object({ count: z.number().int(), value: money }),
        lostThisMonth: z.object({ count: z.number().int() }),
        winRate90: z.number().int().nullable(),
        closingSoon: z.array(
          z.object({ id: z.uuid(), title: z.string(), amount: z.number().nullable(), currency: z.string(), expectedCloseDate: z.string(), stage: z.string() }),
        ),
        tasks: z.object({ open: z.number().int(), overdue: z.number().int(), dueThisWeek: z.number().int() }),
        leads: z.object({ newThisWeek: z.number().int(), open: z.number().int() }),
      }),
    )
    .query(({ ctx, input }) => {
      assertAllowed(ctx, "deal.read");
      assertAllowed(ctx, "task.read");
      assertAllowed(ctx, "lead.read");
      return dashboardSummary(ctx.ws, input.scope);
    }),
});
