"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/workspace-context";
import { useTRPC } from "@/trpc/react";
import { ListHeader, ListSearch, Meta, RecordList } from "../records/record-list";
import { useDebounced } from "../records/use-debounced";
import { CompanyForm } from "./company-form";

export function CompaniesList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCreate = useCan("company.create");
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim());
  const companies = useQuery(
    trpc.companies.list.queryOptions({ limit: 200, search: term || undefined }, { placeholderData: keepPreviousData }),
  );
  const create = useMutation(
    trpc.companies.create.mutationOptions({
      onSuccess: async (company) => {
        await queryClient.invalidateQueries({ queryKey: trpc.companies.list.queryKey() });
        setOpen(false);
        toast.success("Company created");
        router.push(`/companies/${company.id}`);
      },
    }),
  );
  const count = companies.data?.length;

  return (
    <>
      <ListHeader
        exportHref={`/api/export/companies.csv${term ? `?search=${encodeURIComponent(term)}` : ""}`}
        title="Companies"
        create={
          canCreate
            ? {
                label: "New company",
                open,
                onOpenChange: setOpen,
                form: <CompanyForm submitLabel="Create company" onSubmit={(v) => create.mutateAsync(v)} />,
              }
            : null
        }
      />
      <ListSearch
        label="Search companies"
        placeholder="Name or domain"
        value={search}
        onChange={setSearch}
        count={count === undefined ? null : `${count} ${count === 1 ? "company" : "companies"}`}
      />
      <RecordList
        label="Companies"
        noun="Name"
        query={companies}
        empty={term ? `No companies match “${term}”.` : "No companies yet. Add the first organisation you sell to."}
        href={(c) => `/companies/${c.id}`}
        title={(c) => c.name}
        card={(c) => <Meta parts={[c.domain, c.industry]} />}
        columns={[
          { header: "Domain", cell: (c) => c.domain ?? "—" },
          { header: "Industry", cell: (c) => c.industry ?? "—" },
        ]}
      />
    </>
  );
}
