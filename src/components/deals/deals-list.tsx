"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/workspace-context";
import { useTRPC } from "@/trpc/react";
import { DuplicatesLink, ImportLink, ListHeader } from "../records/record-list";
import { WithDuplicateHint } from "../duplicates/duplicates";
import { TableView } from "../views/table-view";
import { DealForm } from "./deal-form";
import { DealsViews } from "./deals-views";

export function DealsList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCreate = useCan("deal.create");
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.deals.create.mutationOptions({
      onSuccess: async (record) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.deals.list.queryKey() }),
        ]);
        setOpen(false);
        toast.success("Deal created");
        router.push(`/deals/${record.id}`);
      },
    }),
  );
  return (
    <>
      <ListHeader
        title="Deals"
        create={
          canCreate
            ? { label: "New deal", open, onOpenChange: setOpen, form: <WithDuplicateHint object="deal"><DealForm submitLabel="Create deal" onSubmit={(v) => create.mutateAsync(v)} /></WithDuplicateHint> }
            : null
        }
      >
        <DealsViews />
        {canCreate ? <ImportLink type="deals" /> : null}
        {canCreate ? <DuplicatesLink type="deals" /> : null}
      </ListHeader>
      <TableView object="deal" searchPlaceholder="Deal title" />
    </>
  );
}
