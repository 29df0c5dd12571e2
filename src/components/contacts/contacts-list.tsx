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
import { ContactForm } from "./contact-form";

export function ContactsList() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canCreate = useCan("contact.create");
  const [open, setOpen] = useState(false);
  const create = useMutation(
    trpc.contacts.create.mutationOptions({
      onSuccess: async (record) => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.contacts.list.queryKey() }),
          // The company's page lists its contacts.
          queryClient.invalidateQueries({ queryKey: trpc.companies.get.queryKey() }),
        ]);
        setOpen(false);
        toast.success("Contact created");
        router.push(`/contacts/${record.id}`);
      },
    }),
  );
  return (
    <>
      <ListHeader
        title="Contacts"
        create={
          canCreate
            ? { label: "New contact", open, onOpenChange: setOpen, form: <WithDuplicateHint object="contact"><ContactForm submitLabel="Create contact" onSubmit={(v) => create.mutateAsync(v)} /></WithDuplicateHint> }
            : null
        }
      >
        {canCreate ? <ImportLink type="contacts" /> : null}
        {canCreate ? <DuplicatesLink type="contacts" /> : null}
      </ListHeader>
      <TableView object="contact" searchPlaceholder="Name or email" />
    </>
  );
}
