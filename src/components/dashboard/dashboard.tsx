"use client";
import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { Card, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { errorMessage, useTRPC, type RouterOutputs } from "@/trpc/react";
import { money } from "../records/format";

type Summary = RouterOutputs["dashboard"]["summary"];
type Money = Summary["open"]["value"];

/** Several currencies side by side, never added together. */
const sums = (value: Money) => (value.length ? value.map((v) => money(v.amount, v.currency)).join(" · ") : money(0, "USD"));

function Figure({ label, value, detail, href }: { label: string; value: string; detail?: string; href?: string }) {
  const body = (
    <>
      <div className="text-sm text-muted">{label}</div>
      <div className="mt-1 text-2xl font-semibold tabular-nums" data-testid={`figure-${label}`}>
        {value}
      </div>
      {detail ? <div className="mt-1 text-xs text-muted">{detail}</div> : null}
    </>
  );
  return <Card className="p-4">{href ? <Link href={href} className="block hover:opacity-80">{body}</Link> : body}</Card>;
}

/**
 * The pipeline at a glance. It reads again whenever deals, leads or tasks change anywhere in the
 * workspace (a deal won on someone's board shows here without a reload).
 */
export function Dashboard() {
  const trpc = useTRPC();
  const [scope, setScope] = useState<"workspace" | "mine">("workspace");
  const summary = useQuery(trpc.dashboard.summary.queryOptions({ scope }));
  const d = summary.data;
  return (
    <>
      <PageHeader title="Dashboard">
        <div role="group" aria-label="Whose deals" className="inline-flex rounded-md border border-zinc-300 p-0.5 text-sm dark:border-zinc-700">
          {(["workspace", "mine"] as const).map((s) => (
            <button
              key={s}
              type="button"
              aria-pressed={scope === s}
              onClick={() => setScope(s)}
              className={cn("rounded px-3 py-1", scope === s ? "bg-brand-600 text-white" : "hover:bg-zinc-100 dark:hover:bg-zinc-800")}
            >
              {s === "workspace" ? "Everyone's deals" : "My deals"}
            </button>
          ))}
        </div>
      </PageHeader>
      {summary.error ? (
        <p role="alert">{errorMessage(summary.error)}</p>
      ) : !d ? (
        <p className="text-sm text-muted">Adding up the pipeline…</p>
      ) : (
        <div className="space-y-6">
          <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
            <Figure label="Open pipeline" value={sums(d.open.value)} detail={`${d.open.count} open deal${d.open.count === 1 ? "" : "s"}`} href="/deals/board" />
            <Figure label="Weighted forecast" value={sums(d.open.weighted)} detail="Each deal's value × its probability" />
            <Figure
              label="Won this month"
              value={String(d.wonThisMonth.count)}
              detail={`${sums(d.wonThisMonth.value)} · ${d.lostThisMonth.count} lost`}
            />
            <Figure label="Win rate, 90 days" value={d.winRate90 === null ? "—" : `${d.winRate90}%`} detail="Won of all deals closed" />
          </div>
          <div className="grid gap-6 lg:grid-cols-5">
            <Card className="p-4 lg:col-span-3">
              <h2 className="mb-3 font-semibold">Deals by stage</h2>
              <StageBars stages={d.stages} />
            </Card>
            <div className="space-y-6 lg:col-span-2">
              <Card className="p-4">
                <h2 className="mb-3 font-semibold">Closing in the next 30 days</h2>
                {d.closingSoon.length ? (
                  <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" aria-label="Closing soon">
                    {d.closingSoon.map((deal) => {
                      const late = deal.expectedCloseDate < new Date().toISOString().slice(0, 10);
                      return (
                        <li key={deal.id} className="flex items-center justify-between gap-3 py-2">
                          <div className="min-w-0">
                            <Link prefetch={false} href={`/deals/${deal.id}`} className="font-medium hover:underline">
                              {deal.title}
                            </Link>
                            <div className={cn("text-xs", late ? "font-medium text-red-700 dark:text-red-400" : "text-muted")}>
                              {late ? "Past its close date: " : ""}
                              {deal.expectedCloseDate} · {deal.stage}
                            </div>
                          </div>
                          <span className="shrink-0 tabular-nums">{money(deal.amount, deal.currency)}</span>
                        </li>
                      );
                    })}
                  </ul>
                ) : (
                  <p className="text-sm text-muted">No open deal is due to close in the next 30 days.</p>
                )}
              </Card>
              <div className="grid grid-cols-2 gap-3">
                <Figure
                  label="My open tasks"
                  value={String(d.tasks.open)}
                  detail={`${d.tasks.overdue} overdue · ${d.tasks.dueThisWeek} due this week`}
                  href="/tasks"
                />
                <Figure label="New leads, 7 days" value={String(d.leads.newThisWeek)} detail={`${d.leads.open} open leads`} href="/leads" />
              </div>
            </div>
          </div>
        </div>
      )}
    </>
  );
}

/** One bar per stage, as long as its share of the deals; the figures are in the text too. */
function StageBars({ stages }: { stages: Summary["stages"] }) {
  const most = Math.max(1, ...stages.map((s) => s.count));
  const several = new Set(stages.map((s) => s.pipeline)).size > 1;
  return (
    <table className="w-full text-sm" aria-label="Deals by stage">
      <thead className="sr-only">
        <tr>
          <th>Stage</th>
          <th>Deals</th>
          <th>Value</th>
        </tr>
      </thead>
      <tbody>
        {stages.map((s) => (
          <tr key={s.id} data-stage={s.name}>
            <th scope="row" className="w-1/3 py-1.5 pr-3 text-left font-normal">
              {several ? <span className="text-muted">{s.pipeline} · </span> : null}
              {s.name}
            </th>
            <td className="py-1.5">
              <div className="flex items-center gap-2">
                <div
                  aria-hidden
                  className={cn(
                    "h-5 rounded",
                    s.kind === "won" ? "bg-emerald-500" : s.kind === "lost" ? "bg-zinc-400 dark:bg-zinc-600" : "bg-brand-500",
                  )}
                  style={{ width: `${Math.max(2, (s.count / most) * 100)}%` }}
                />
                <span className="shrink-0 tabular-nums" data-testid={`stage-count-${s.name}`}>
                  {s.count}
                </span>
              </div>
            </td>
            <td className="py-1.5 pl-3 text-right text-muted tabular-nums">{sums(s.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
