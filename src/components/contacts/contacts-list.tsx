"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/workspace-context";
import { useTRPC } from "@/trpc/react";
import { fullName } from "../records/format";
import { ListHeader, ListSearch, Meta, RecordList } from "../records/record-list";
import { useDebounced } from "../records/use-debounced";
import { ContactForm } from "./contact-form";

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
  const count = contacts.data?.length;

  return (
    <>
      <ListHeader
        exportHref={`/api/export/contacts.csv${term ? `?search=${encodeURIComponent(term)}` : ""}`}
        title="Contacts"
        create={
          canCreate
            ? {
                label: "New contact",
                open,
                onOpenChange: setOpen,
                form: <ContactForm submitLabel="Create contact" onSubmit={(v) => create.mutateAsync(v)} />,
              }
            : null
        }
      />
      <ListSearch
        label="Search contacts"
        placeholder="Name or email"
        value={search}
        onChange={setSearch}
        count={count === undefined ? null : `${count} ${count === 1 ? "contact" : "contacts"}`}
      />
      <RecordList
        label="Contacts"
        noun="Name"
        query={contacts}
        empty={term ? `No contacts match “${term}”.` : "No contacts yet. Add the first person you work with."}
        href={(p) => `/contacts/${p.id}`}
        title={fullName}
        card={(p) => (
          <>
            <Meta parts={[p.title, p.companyName]} />
            {p.email ? <p className="mt-1 text-sm break-all text-muted">{p.email}</p> : null}
          </>
        )}
        columns={[
          { header: "Email", cell: (p) => p.email ?? "—" },
          { header: "Title", cell: (p) => p.title ?? "—" },
          {
            header: "Company",
            cell: (p) =>
              p.companyId && p.companyName ? (
                <Link href={`/companies/${p.companyId}`} className="hover:underline">
                  {p.companyName}
                </Link>
              ) : (
                "—"
              ),
          },
        ]}
      />
    </>
  );
}
