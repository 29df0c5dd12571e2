"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge, Card, Empty, PageHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { useCan } from "@/components/shell/workspace-context";
import { useTRPC } from "@/trpc/react";
import { money } from "../records/format";
import { DealForm } from "./deal-form";

const stageTone = {
  open: "",
  won: "bg-emerald-100 text-emerald-800 dark:bg-emerald-500/15 dark:text-emerald-300",
  lost: "bg-red-100 text-red-800 dark:bg-red-500/15 dark:text-red-300",
} as const;

export function DealsList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCreate = useCan("deal.create");
  const [open, setOpen] = useState(false);
  const deals = useQuery(trpc.deals.list.queryOptions({ limit: 200 }));
  const create = useMutation(
    trpc.deals.create.mutationOptions({
      onSuccess: async (deal) => {
        await queryClient.invalidateQueries({ queryKey: trpc.deals.list.queryKey() });
        setOpen(false);
        toast.success("Deal created");
        router.push(`/deals/${deal.id}`);
      },
    }),
  );

  const rows = deals.data ?? [];
  // Open pipeline per currency: amounts in different currencies are never added together.
  const openTotals = new Map<string, number>();
  for (const d of rows) {
    if (d.stageKind === "open" && d.amount !== null) openTotals.set(d.currency, (openTotals.get(d.currency) ?? 0) + d.amount);
  }

  return (
    <>
      <PageHeader title="Deals">
        {canCreate ? (
          <Dialog
            open={open}
            onOpenChange={setOpen}
            title="New deal"
            trigger={
              <Button>
                <Plus className="size-4" aria-hidden /> New deal
              </Button>
            }
          >
            <DealForm submitLabel="Create deal" onSubmit={(v) => create.mutateAsync(v)} />
          </Dialog>
        ) : null}
      </PageHeader>
      {rows.length > 0 ? (
        <p className="mb-4 text-sm text-muted">
          {rows.length} deals
          {openTotals.size > 0 ? ` · ${[...openTotals].map(([currency, total]) => money(total, currency)).join(" + ")} open` : ""}
        </p>
      ) : null}
      {deals.isLoading ? (
        <p className="text-sm text-muted">Loading deals…</p>
      ) : rows.length === 0 ? (
        <Empty>No deals yet. Create the first one to start your pipeline.</Empty>
      ) : (
        <>
          {/* Phones: one card per deal */}
          <ul className="space-y-3 md:hidden" aria-label="Deals">
            {rows.map((d) => (
              <li key={d.id}>
                <Link href={`/deals/${d.id}`} className="block">
                  <Card className="p-4">
                    <div className="flex items-start justify-between gap-2">
                      <span className="font-medium">{d.title}</span>
                      <span className="shrink-0 font-semibold tabular-nums">{money(d.amount, d.currency)}</span>
                    </div>
                    <div className="mt-2 flex flex-wrap items-center gap-2 text-sm text-muted">
                      <Badge className={stageTone[d.stageKind]}>{d.stageName}</Badge>
                      {d.companyName ? <span>{d.companyName}</span> : null}
                    </div>
                  </Card>
                </Link>
              </li>
            ))}
          </ul>
          {/* Wider screens: a table */}
          <Card className="hidden overflow-x-auto md:block">
            <table className="w-full text-left text-sm">
              <thead className="border-b border-zinc-200 text-xs text-muted uppercase dark:border-zinc-800">
                <tr>
                  <th className="px-4 py-3 font-medium">Deal</th>
                  <th className="px-4 py-3 font-medium">Stage</th>
                  <th className="px-4 py-3 font-medium">Company</th>
                  <th className="px-4 py-3 font-medium">Owner</th>
                  <th className="px-4 py-3 font-medium">Close date</th>
                  <th className="px-4 py-3 text-right font-medium">Amount</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {rows.map((d) => (
                  <tr key={d.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                    <td className="px-4 py-3 font-medium">
                      <Link href={`/deals/${d.id}`} className="hover:underline">
                        {d.title}
                      </Link>
                    </td>
                    <td className="px-4 py-3">
                      <Badge className={stageTone[d.stageKind]}>{d.stageName}</Badge>
                    </td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">{d.companyName ?? "—"}</td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">{d.ownerName ?? "—"}</td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">{d.expectedCloseDate ?? "—"}</td>
                    <td className="px-4 py-3 text-right font-medium tabular-nums">{money(d.amount, d.currency)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        </>
      )}
    </>
  );
}
