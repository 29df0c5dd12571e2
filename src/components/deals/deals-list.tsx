"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { useTRPC } from "@/trpc/react";
import { money } from "../records/format";
import { ListHeader, Meta, RecordList } from "../records/record-list";
import { DealForm } from "./deal-form";
import { DealsViews } from "./deals-views";

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
      <ListHeader
        exportHref="/api/export/deals.csv"
        title="Deals"
        create={
          canCreate
            ? { label: "New deal", open, onOpenChange: setOpen, form: <DealForm submitLabel="Create deal" onSubmit={(v) => create.mutateAsync(v)} /> }
            : null
        }
      >
        <DealsViews />
      </ListHeader>
      {rows.length > 0 ? (
        <p className="mb-4 text-sm text-muted">
          {rows.length} deals
          {openTotals.size > 0 ? ` · ${[...openTotals].map(([currency, total]) => money(total, currency)).join(" + ")} open` : ""}
        </p>
      ) : null}
      <RecordList
        label="Deals"
        noun="Deal"
        query={deals}
        empty="No deals yet. Create the first one to start your pipeline."
        href={(d) => `/deals/${d.id}`}
        title={(d) => (
          <span className="flex items-start justify-between gap-2">
            <span>{d.title}</span>
            <span className="shrink-0 font-semibold tabular-nums md:hidden">{money(d.amount, d.currency)}</span>
          </span>
        )}
        card={(d) => <Meta parts={[<Badge key="stage" className={stageTone[d.stageKind]}>{d.stageName}</Badge>, d.companyName]} />}
        columns={[
          { header: "Stage", cell: (d) => <Badge className={stageTone[d.stageKind]}>{d.stageName}</Badge> },
          { header: "Company", cell: (d) => d.companyName ?? "—" },
          { header: "Owner", cell: (d) => d.ownerName ?? "—" },
          { header: "Close date", cell: (d) => d.expectedCloseDate ?? "—" },
          { header: "Amount", align: "right", cell: (d) => money(d.amount, d.currency) },
        ]}
      />
    </>
  );
}
