"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, Empty, PageHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { useCan } from "@/components/shell/workspace-context";
import { errorMessage, useTRPC } from "@/trpc/react";
import { CompanyForm } from "./company-form";
import { useDebounced } from "../records/use-debounced";


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

  const rows = companies.data ?? [];

  return (
    <>
      <PageHeader title="Companies">
        {canCreate ? (
          <Dialog
            open={open}
            onOpenChange={setOpen}
            title="New company"
            trigger={
              <Button>
                <Plus className="size-4" aria-hidden /> New company
              </Button>
            }
          >
            <CompanyForm submitLabel="Create company" onSubmit={(v) => create.mutateAsync(v)} />
          </Dialog>
        ) : null}
      </PageHeader>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div className="w-full sm:max-w-xs" role="search">
          <TextField
            label="Search companies"
            name="search"
            type="search"
            placeholder="Name or domain"
            autoComplete="off"
            maxLength={200}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <p className="text-sm text-muted" aria-live="polite">
          {companies.data ? `${rows.length} ${rows.length === 1 ? "company" : "companies"}` : null}
        </p>
      </div>
      {companies.isLoading ? (
        <p className="text-sm text-muted">Loading companies…</p>
      ) : companies.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {errorMessage(companies.error)}
        </p>
      ) : rows.length === 0 ? (
        <Empty>{term ? `No companies match “${term}”.` : "No companies yet. Add the first one to start organising your contacts."}</Empty>
      ) : (
        <>
          {/* Phones: one card per company */}
          <ul className="space-y-3 md:hidden" aria-label="Companies">
            {rows.map((c) => (
              <li key={c.id}>
                <Link href={`/companies/${c.id}`} className="block">
                  <Card className="p-4">
                    <span className="block font-medium break-words">{c.name}</span>
                    {c.domain || c.industry ? (
                      <div className="mt-1 flex flex-wrap items-center gap-x-2 text-sm text-muted">
                        {c.domain ? <span className="break-all">{c.domain}</span> : null}
                        {c.domain && c.industry ? <span aria-hidden>·</span> : null}
                        {c.industry ? <span>{c.industry}</span> : null}
                      </div>
                    ) : null}
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
                  <th className="px-4 py-3 font-medium">Company</th>
                  <th className="px-4 py-3 font-medium">Domain</th>
                  <th className="px-4 py-3 font-medium">Industry</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {rows.map((c) => (
                  <tr key={c.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                    <td className="px-4 py-3 font-medium">
                      <Link href={`/companies/${c.id}`} className="hover:underline">
                        {c.name}
                      </Link>
                    </td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">{c.domain ?? "—"}</td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">{c.industry ?? "—"}</td>
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
