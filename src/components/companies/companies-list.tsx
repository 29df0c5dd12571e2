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
import { CompanyForm } from "./company-form";

export function CompaniesList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCreate = useCan("company.create");
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.companies.create.mutationOptions({
      onSuccess: async (record) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.companies.list.queryKey() }),
        ]);
        setOpen(false);
        toast.success("Company created");
        router.push(`/companies/${record.id}`);
      },
    }),
  );
  return (
    <>
      <ListHeader
        title="Companies"
        create={
          canCreate
            ? { label: "New company", open, onOpenChange: setOpen, form: <WithDuplicateHint object="company"><CompanyForm submitLabel="Create company" onSubmit={(v) => create.mutateAsync(v)} /></WithDuplicateHint> }
            : null
        }
      >
        {canCreate ? <ImportLink type="companies" /> : null}
        {canCreate ? <DuplicatesLink type="companies" /> : null}
      </ListHeader>
      <TableView object="company" searchPlaceholder="Name or domain" />
    </>
  );
}
