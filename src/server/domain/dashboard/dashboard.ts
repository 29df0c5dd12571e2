import { sql } from "drizzle-orm";
import type { WorkspaceCtx } from "../context";

export type DashboardScope = "workspace" | "mine";

/** A sum of money per currency: deals in several currencies are never added together. */
export type Money = { currency: string; amount: number }[];

const money = (rows: { currency: string; amount: string | number | null }[]): Money =>
  rows.filter((r) => r.amount !== null && Number(r.amount) !== 0).map((r) => ({ currency: r.currency, amount: Math.round(Number(r.amount) * 100) / 100 }));

/**
 * The pipeline at a glance, for a manager on a phone as much as at a desk: each stage's deals and
 * value, the weighted forecast, what was won and lost this month, the win rate over 90 days, the
 * deals due to close soonest and the person's own tasks. "Mine" narrows the deals to those the
 * person owns. Months are calendar months in UTC.
 */
export async function dashboardSummary(ctx: WorkspaceCtx, scope: DashboardScope) {
  const ws = ctx.workspaceId;
  const mine = scope === "mine" ? sql`and d.owner_id = ${ctx.userId}` : sql``;
  const rows = <T extends Record<string, unknown>>(query: ReturnType<typeof sql>) => ctx.db.execute<T>(query).then((r) => [...r]);

  const stages = await rows<{ id: string; name: string; kind: "open" | "won" | "lost"; pipeline: string; count: number; currency: string | null; amount: string | null }>(sql`
    select s.id, s.name, s.kind, p.name as pipeline, count(d.id)::int as count, d.currency, sum(d.amount) as amount
    from pipeline_stages s
    join pipelines p on p.workspace_id = s.workspace_id and p.id = s.pipeline_id
    left join deals d on d.workspace_id = s.workspace_id and d.stage_id = s.id and d.deleted_at is null ${mine}
    where s.workspace_id = ${ws}
    group by s.id, s.name, s.kind, s.position, p.name, p.position, d.currency
    order by p.position, s.position`);
  const byStage = new Map<string, { id: string; name: string; kind: "open" | "won" | "lost"; pipeline: string; count: number; value: Money }>();
  for (const r of stages) {
    const s = byStage.get(r.id) ?? { id: r.id, name: r.name, kind: r.kind, pipeline: r.pipeline, count: 0, value: [] };
    s.count += r.count;
    if (r.currency) s.value.push(...money([{ currency: r.currency, amount: r.amount }]));
    byStage.set(r.id, s);
  }

  const open = await rows<{ currency: string; amount: string | null; weighted: string | null; count: number }>(sql`
    select d.currency, sum(d.amount) as amount, sum(d.amount * coalesce(d.probability, s.probability) / 100.0) as weighted, count(*)::int as count
    from deals d join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
    where d.workspace_id = ${ws} and d.deleted_at is null and s.kind = 'open' ${mine}
    group by d.currency`);

  const closed = await rows<{ kind: "won" | "lost"; currency: string; amount: string | null; count: number }>(sql`
    select s.kind, d.currency, sum(d.amount) as amount, count(*)::int as count
    from deals d join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
    where d.workspace_id = ${ws} and d.deleted_at is null and s.kind in ('won', 'lost') ${mine}
      and d.stage_changed_at >= date_trunc('month', now() at time zone 'utc') at time zone 'utc'
    group by 1, 2`);
  const thisMonth = (kind: "won" | "lost") => closed.filter((r) => r.kind === kind);
  const ninetyDays = await rows<{ won: number; lost: number }>(sql`
    select count(*) filter (where s.kind = 'won')::int as won, count(*) filter (where s.kind = 'lost')::int as lost
    from deals d join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
    where d.workspace_id = ${ws} and d.deleted_at is null and s.kind in ('won', 'lost') ${mine}
      and d.stage_changed_at >= now() - interval '90 days'`);
  const { won = 0, lost = 0 } = ninetyDays[0] ?? {};

  const closingSoon = await rows<{ id: string; title: string; amount: string | null; currency: string; expectedCloseDate: string; stage: string }>(sql`
    select d.id, d.title, d.amount, d.currency, d.expected_close_date::text as "expectedCloseDate", s.name as stage
    from deals d join pipeline_stages s on s.workspace_id = d.workspace_id and s.id = d.stage_id
    where d.workspace_id = ${ws} and d.deleted_at is null and s.kind = 'open' ${mine}
      and d.expected_close_date is not null and d.expected_close_date <= (now() at time zone 'utc')::date + 30
    order by d.expected_close_date, d.title
    limit 8`);

  const [tasks] = await rows<{ open: number; overdue: number; dueThisWeek: number }>(sql`
    select count(*)::int as open,
           count(*) filter (where due_at < now())::int as overdue,
           count(*) filter (where due_at >= now() and due_at < now() + interval '7 days')::int as "dueThisWeek"
    from tasks where workspace_id = ${ws} and assignee_id = ${ctx.userId} and status <> 'done'`);

  const [leads] = await rows<{ newThisWeek: number; open: number }>(sql`
    select count(*) filter (where created_at >= now() - interval '7 days')::int as "newThisWeek",
           count(*) filter (where status not in ('converted', 'unqualified'))::int as open
    from leads where workspace_id = ${ws} and deleted_at is null`);

  return {
    scope,
    stages: [...byStage.values()],
    open: { count: open.reduce((n, r) => n + r.count, 0), value: money(open), weighted: money(open.map((r) => ({ currency: r.currency, amount: r.weighted }))) },
    wonThisMonth: { count: thisMonth("won").reduce((n, r) => n + r.count, 0), value: money(thisMonth("won")) },
    lostThisMonth: { count: thisMonth("lost").reduce((n, r) => n + r.count, 0) },
    winRate90: won + lost ? Math.round((won / (won + lost)) * 100) : null,
    closingSoon: closingSoon.map((d) => ({ ...d, amount: d.amount === null ? null : Number(d.amount) })),
    tasks: tasks ?? { open: 0, overdue: 0, dueThisWeek: 0 },
    leads: leads ?? { newThisWeek: 0, open: 0 },
  };
}
