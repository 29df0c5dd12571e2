"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextAreaField, TextField } from "@/components/ui/field";
import { useCan } from "@/components/shell/workspace-context";
import type { RecordObject } from "@/shared/permissions";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "../records/format";

type Revealed = { id: string; label: string; type: string; value: string | null; problem: string | null }[];

/**
 * A record's sensitive fields: hidden until revealed (each reveal goes to the audit log), edited
 * here only. Viewers see that they exist, never what they hold.
 */
export function SensitivePanel({ recordType, recordId }: { recordType: RecordObject; recordId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canReveal = useCan("sensitive.read");
  const canEdit = useCan(`${recordType}.update`) && canReveal;
  const summary = useQuery(trpc.sensitive.summary.queryOptions({ object: recordType, recordId }));
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const reveal = useMutation(trpc.sensitive.reveal.mutationOptions({ onSuccess: setRevealed, onError: (e) => toast.error(errorMessage(e)) }));
  const save = useMutation(
    trpc.sensitive.set.mutationOptions({
      onSuccess: async () => {
        setEditing(null);
        await queryClient.invalidateQueries({ queryKey: trpc.sensitive.summary.queryKey({ object: recordType, recordId }) });
        reveal.mutate({ object: recordType, recordId });
      },
    }),
  );

  if (!summary.data?.length) return null;
  return (
    <Card className="p-4">
      <div className="mb-3 flex items-center justify-between gap-2">
        <h2 className="font-semibold">Sensitive</h2>
        {canReveal ? (
          revealed ? (
            <Button variant="ghost" size="sm" onClick={() => setRevealed(null)}>
              Hide
            </Button>
          ) : (
            <Button variant="secondary" size="sm" disabled={reveal.isPending} onClick={() => reveal.mutate({ object: recordType, recordId })}>
              Reveal
            </Button>
          )
        ) : null}
      </div>
      <p className="mb-3 text-xs text-muted">Encrypted; revealing is recorded in the audit log.</p>
      <dl aria-label="Sensitive fields" className="space-y-3 text-sm">
        {summary.data.map((f) => {
          const shown = revealed?.find((r) => r.id === f.id);
          return (
            <div key={f.id}>
              <dt className="font-medium">{f.label}</dt>
              <dd className="break-words whitespace-pre-wrap">
                {editing === f.id && shown ? (
                  <form
                    className="mt-1 space-y-2"
                    noValidate
                    onSubmit={(e) => {
                      e.preventDefault();
                      const value = String(new FormData(e.currentTarget).get("value") ?? "");
                      save.mutate({ object: recordType, recordId, fieldId: f.id, value: value || null });
                    }}
                  >
                    {f.type === "long_text" ? (
                      <TextAreaField label={`New ${f.label}`} name="value" rows={4} defaultValue={shown.value ?? ""} />
                    ) : (
                      <TextField label={`New ${f.label}`} name="value" defaultValue={shown.value ?? ""} autoComplete="off" />
                    )}
                    {save.error ? (
                      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
                        {errorMessage(save.error)}
                      </p>
                    ) : null}
                    <div className="flex gap-2">
                      <Button type="submit" size="sm" disabled={save.isPending}>
                        Save
                      </Button>
                      <Button variant="ghost" size="sm" onClick={() => setEditing(null)}>
                        Cancel
                      </Button>
                    </div>
                  </form>
                ) : shown ? (
                  <span className="flex items-start gap-2">
                    <span className="flex-1">{shown.problem ?? shown.value ?? <span className="text-muted">Empty</span>}</span>
                    {canEdit && !shown.problem ? (
                      <Button variant="ghost" size="sm" onClick={() => setEditing(f.id)}>
                        Edit
                      </Button>
                    ) : null}
                  </span>
                ) : (
                  <span className="text-muted">{f.hasValue ? `•••••••• (set ${when(f.updatedAt!)})` : "Empty"}</span>
                )}
              </dd>
            </div>
          );
        })}
      </dl>
    </Card>
  );
}
