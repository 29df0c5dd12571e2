"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { X } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { SelectField } from "@/components/ui/field";
import { useCan } from "@/components/shell/workspace-context";
import { dealContactRoleLabels, dealContactRoles } from "@/shared/schemas";
import { errorMessage, useTRPC } from "@/trpc/react";
import { fullName } from "../records/format";

type Role = (typeof dealContactRoles)[number];

/** Who is on the deal, and what part each plays in the decision. */
export function DealPeople({ dealId }: { dealId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCan("deal.update");
  const people = useQuery(trpc.deals.people.queryOptions({ id: dealId }));
  const contacts = useQuery({ ...trpc.contacts.list.queryOptions({ limit: 200 }), enabled: canEdit });
  const [contactId, setContactId] = useState("");
  const [role, setRole] = useState<Role>("decision_maker");
  const done = (data: unknown) => queryClient.setQueryData(trpc.deals.people.queryKey({ id: dealId }), data as never);
  const add = useMutation(trpc.deals.setPerson.mutationOptions({ onSuccess: done, onError: (e) => toast.error(errorMessage(e)) }));
  const remove = useMutation(trpc.deals.removePerson.mutationOptions({ onSuccess: done, onError: (e) => toast.error(errorMessage(e)) }));
  return (
    <Card className="p-4">
      <h2 className="mb-3 font-semibold">People on this deal</h2>
      {people.data?.length ? (
        <ul className="mb-3 divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="People on this deal (roles)">
          {people.data.map((p) => (
            <li key={p.contactId} className="flex items-center gap-3 py-2 text-sm">
              <Link prefetch={false} href={`/contacts/${p.contactId}`} className="min-w-0 flex-1 truncate font-medium hover:underline">
                {fullName(p)}
              </Link>
              <span className="text-muted">{dealContactRoleLabels[p.role]}</span>
              {canEdit ? (
                <button
                  type="button"
                  aria-label={`Take ${fullName(p)} off this deal`}
                  onClick={() => remove.mutate({ dealId, contactId: p.contactId })}
                  className="rounded p-1 text-muted hover:bg-zinc-100 dark:hover:bg-zinc-800"
                >
                  <X className="size-4" />
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-3 text-sm text-muted">Nobody yet.</p>
      )}
      {canEdit ? (
        <form
          className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end"
          onSubmit={(e) => {
            e.preventDefault();
            if (contactId) add.mutate({ dealId, contactId, role });
          }}
        >
          <SelectField
            label="Person"
            value={contactId}
            onChange={(e) => setContactId(e.target.value)}
            options={[{ value: "", label: "Choose a contact" }, ...(contacts.data ?? []).map((c) => ({ value: c.id, label: fullName(c) }))]}
          />
          <SelectField label="Role" value={role} onChange={(e) => setRole(e.target.value as Role)} options={dealContactRoles.map((r) => ({ value: r, label: dealContactRoleLabels[r] }))} />
          <Button type="submit" disabled={!contactId || add.isPending}>
            Add
          </Button>
        </form>
      ) : null}
    </Card>
  );
}
