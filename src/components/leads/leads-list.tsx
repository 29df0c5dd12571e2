"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Badge } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { leadStatusLabels } from "@/shared/schemas";
import { useTRPC } from "@/trpc/react";
import { fullName } from "../records/format";
import { ListHeader, ListSearch, Meta, RecordList } from "../records/record-list";
import { useDebounced } from "../records/use-debounced";
import { LeadForm } from "./lead-form";

export function LeadsList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCreate = useCan("lead.create");
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim());
  const leads = useQuery(trpc.leads.list.queryOptions({ limit: 200, search: term || undefined }, { placeholderData: keepPreviousData }));
  const create = useMutation(
    trpc.leads.create.mutationOptions({
      onSuccess: async (lead) => {
        await queryClient.invalidateQueries({ queryKey: trpc.leads.list.queryKey() });
        setOpen(false);
        toast.success("Lead created");
        router.push(`/leads/${lead.id}`);
      },
    }),
  );
  const count = leads.data?.length;
  return (
    <>
      <ListHeader
        exportHref={`/api/export/leads.csv${term ? `?search=${encodeURIComponent(term)}` : ""}`}
        title="Leads"
        create={canCreate ? { label: "New lead", open, onOpenChange: setOpen, form: <LeadForm submitLabel="Create lead" onSubmit={(v) => create.mutateAsync(v)} /> } : null}
      />
      <ListSearch
        label="Search leads"
        placeholder="Name, email or company"
        value={search}
        onChange={setSearch}
        count={count === undefined ? null : `${count} ${count === 1 ? "lead" : "leads"}`}
      />
      <RecordList
        label="Leads"
        noun="Name"
        query={leads}
        empty={term ? `No leads match “${term}”.` : "No leads yet. Add people who showed interest."}
        href={(l) => `/leads/${l.id}`}
        title={fullName}
        card={(l) => <Meta parts={[<Badge key="s">{leadStatusLabels[l.status]}</Badge>, l.companyName, l.source]} />}
        columns={[
          { header: "Status", cell: (l) => <Badge>{leadStatusLabels[l.status]}</Badge> },
          { header: "Company", cell: (l) => l.companyName ?? "—" },
          { header: "Email", cell: (l) => l.email ?? "—" },
          { header: "Source", cell: (l) => l.source ?? "—" },
        ]}
      />
    </>
  );
}
