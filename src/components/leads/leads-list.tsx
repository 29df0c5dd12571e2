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
import { LeadForm } from "./lead-form";

export function LeadsList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCreate = useCan("lead.create");
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.leads.create.mutationOptions({
      onSuccess: async (record) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.leads.list.queryKey() }),
        ]);
        setOpen(false);
        toast.success("Lead created");
        router.push(`/leads/${record.id}`);
      },
    }),
  );
  return (
    <>
      <ListHeader
        title="Leads"
        create={
          canCreate
            ? { label: "New lead", open, onOpenChange: setOpen, form: <WithDuplicateHint object="lead"><LeadForm submitLabel="Create lead" onSubmit={(v) => create.mutateAsync(v)} /></WithDuplicateHint> }
            : null
        }
      >
        {canCreate ? <ImportLink type="leads" /> : null}
        {canCreate ? <DuplicatesLink type="leads" /> : null}
      </ListHeader>
      <TableView object="lead" searchPlaceholder="Name, email or company" />
    </>
  );
}
