"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { useCan } from "@/components/shell/workspace-context";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "../records/format";

/** What the contact agreed to, from where, since when — and withdrawals, kept as history. */
export function ConsentsPanel({ contactId }: { contactId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canEdit = useCan("contact.update");
  const consents = useQuery(trpc.privacy.consents.queryOptions({ contactId }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.privacy.consents.queryKey({ contactId }) });
  const record = useMutation(trpc.privacy.recordConsent.mutationOptions({ onSuccess: refresh }));
  const withdraw = useMutation(trpc.privacy.withdrawConsent.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(errorMessage(e)) }));
  return (
    <Card className="p-4">
      <h2 className="mb-3 font-semibold">Consents</h2>
      {consents.data?.length ? (
        <ul aria-label="Consents" className="mb-3 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
          {consents.data.map((c) => (
            <li key={c.id} className="flex flex-wrap items-center gap-2 py-2" aria-label={c.purpose}>
              <span className="flex-1">
                <strong>{c.purpose}</strong> · {c.source} · given {when(c.grantedAt)}
                {c.recordedByName ? ` (recorded by ${c.recordedByName})` : ""}
                {c.withdrawnAt ? ` · withdrawn ${when(c.withdrawnAt)}` : ""}
              </span>
              {!c.withdrawnAt && canEdit ? (
                <Button variant="secondary" size="sm" disabled={withdraw.isPending} onClick={() => withdraw.mutate({ id: c.id })}>
                  Withdrawn
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="mb-3 text-sm text-muted">{consents.isLoading ? "Loading…" : "No consent recorded."}</p>
      )}
      {canEdit ? (
        <form
          className="flex flex-wrap items-end gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            const data = new FormData(form);
            record.mutate(
              { contactId, purpose: String(data.get("purpose") ?? ""), source: String(data.get("source") ?? "") },
              { onSuccess: () => form.reset() },
            );
          }}
        >
          <div className="min-w-40 flex-1">
            <TextField label="Purpose" name="purpose" placeholder="e.g. Newsletter" />
          </div>
          <div className="min-w-40 flex-1">
            <TextField label="Source" name="source" placeholder="e.g. Web form, 12 May" />
          </div>
          <Button type="submit" disabled={record.isPending}>
            Record consent
          </Button>
          {record.error ? (
            <p role="alert" className="w-full text-sm text-red-600 dark:text-red-400">
              {errorMessage(record.error)}
            </p>
          ) : null}
        </form>
      ) : null}
    </Card>
  );
}
