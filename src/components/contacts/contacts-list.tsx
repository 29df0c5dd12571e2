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
import { fullName } from "../records/format";
import { ContactForm } from "./contact-form";
import { useDebounced } from "../records/use-debounced";


export function ContactsList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCreate = useCan("contact.create");
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim());
  const contacts = useQuery(
    trpc.contacts.list.queryOptions({ limit: 200, search: term || undefined }, { placeholderData: keepPreviousData }),
  );
  const create = useMutation(
    trpc.contacts.create.mutationOptions({
      onSuccess: async (contact) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.contacts.list.queryKey() }),
          // The company's page lists its contacts.
          queryClient.invalidateQueries({ queryKey: trpc.companies.get.queryKey() }),
        ]);
        setOpen(false);
        toast.success("Contact created");
        router.push(`/contacts/${contact.id}`);
      },
    }),
  );

  const rows = contacts.data ?? [];

  return (
    <>
      <PageHeader title="Contacts">
        {canCreate ? (
          <Dialog
            open={open}
            onOpenChange={setOpen}
            title="New contact"
            trigger={
              <Button>
                <Plus className="size-4" aria-hidden /> New contact
              </Button>
            }
          >
            <ContactForm submitLabel="Create contact" onSubmit={(v) => create.mutateAsync(v)} />
          </Dialog>
        ) : null}
      </PageHeader>
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div className="w-full sm:max-w-xs" role="search">
          <TextField
            label="Search contacts"
            name="search"
            type="search"
            placeholder="Name or email"
            autoComplete="off"
            maxLength={200}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </div>
        <p className="text-sm text-muted" aria-live="polite">
          {contacts.data ? `${rows.length} ${rows.length === 1 ? "contact" : "contacts"}` : null}
        </p>
      </div>
      {contacts.isLoading ? (
        <p className="text-sm text-muted">Loading contacts…</p>
      ) : contacts.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {errorMessage(contacts.error)}
        </p>
      ) : rows.length === 0 ? (
        <Empty>{term ? `No contacts match “${term}”.` : "No contacts yet. Add the first person you work with."}</Empty>
      ) : (
        <>
          {/* Phones: one card per contact */}
          <ul className="space-y-3 md:hidden" aria-label="Contacts">
            {rows.map((p) => (
              <li key={p.id}>
                <Link href={`/contacts/${p.id}`} className="block">
                  <Card className="p-4">
                    <span className="block font-medium break-words">{fullName(p)}</span>
                    {p.title || p.companyName ? (
                      <div className="mt-1 flex flex-wrap items-center gap-x-2 text-sm text-zinc-600 dark:text-zinc-400">
                        {p.title ? <span>{p.title}</span> : null}
                        {p.title && p.companyName ? <span aria-hidden>·</span> : null}
                        {p.companyName ? <span>{p.companyName}</span> : null}
                      </div>
                    ) : null}
                    {p.email ? <p className="mt-1 text-sm break-all text-muted">{p.email}</p> : null}
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
                  <th className="px-4 py-3 font-medium">Name</th>
                  <th className="px-4 py-3 font-medium">Email</th>
                  <th className="px-4 py-3 font-medium">Title</th>
                  <th className="px-4 py-3 font-medium">Company</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
                {rows.map((p) => (
                  <tr key={p.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                    <td className="px-4 py-3 font-medium">
                      <Link href={`/contacts/${p.id}`} className="hover:underline">
                        {fullName(p)}
                      </Link>
                    </td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">{p.email ?? "—"}</td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">{p.title ?? "—"}</td>
                    <td className="px-4 py-3 text-zinc-600 dark:text-zinc-400">
                      {p.companyId && p.companyName ? (
                        <Link href={`/companies/${p.companyId}`} className="hover:underline">
                          {p.companyName}
                        </Link>
                      ) : (
                        "—"
                      )}
                    </td>
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
