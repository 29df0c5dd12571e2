"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Copy, KeyRound } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Badge, Card, Empty } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { useCan } from "@/components/shell/workspace-context";
import { apiObjects } from "@/shared/permissions";
import { apiObjectLabels } from "@/shared/record-labels";
import { createApiKeyInput } from "@/shared/schemas";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "../records/format";
import { ListHeader } from "../records/record-list";
import { useFormSubmit } from "../records/use-form-submit";

const objectLabels = apiObjectLabels;

export function ApiKeysSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const allowed = useCan("apikey.manage");
  const [open, setOpen] = useState(false);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const keys = useQuery({ ...trpc.apiKeys.list.queryOptions(), enabled: allowed });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.apiKeys.list.queryKey() });
  const create = useMutation(trpc.apiKeys.create.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(
    trpc.apiKeys.revoke.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success("Key revoked: requests with it are refused from now on.");
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  const form = useFormSubmit(
    createApiKeyInput,
    (data) => ({ name: data.get("name"), access: data.get("access"), objects: data.getAll("objects") }),
    async (values: z.infer<typeof createApiKeyInput>) => {
      const key = await create.mutateAsync(values);
      setOpen(false);
      setCreated({ name: key.name, token: key.token });
    },
  );

  if (!allowed) return <Empty>Only workspace owners and admins manage API keys.</Empty>;

  return (
    <>
      <ListHeader
        title="API keys"
        create={{
          label: "New API key",
          open,
          onOpenChange: setOpen,
          form: (
            <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
              <TextField label="Name" name="name" placeholder="e.g. Billing sync" error={form.errors.name} required />
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">Access</legend>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name="access" value="read" defaultChecked /> Read only
                </label>
                <label className="flex items-center gap-2 text-sm">
                  <input type="radio" name="access" value="write" /> Read and write
                </label>
              </fieldset>
              <fieldset>
                <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">Records it may use</legend>
                {apiObjects.map((o) => (
                  <label key={o} className="flex items-center gap-2 text-sm">
                    <input type="checkbox" name="objects" value={o} defaultChecked /> {objectLabels[o]}
                  </label>
                ))}
                {form.errors.objects ? (
                  <p role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
                    {form.errors.objects}
                  </p>
                ) : null}
              </fieldset>
              <Button type="submit" disabled={form.pending}>
                {form.pending ? "Creating…" : "Create key"}
              </Button>
            </form>
          ),
        }}
      />
      <p className="mb-4 max-w-2xl text-sm text-muted">
        Integrations call the REST API (documented at{" "}
        <a href="/api/docs" className="text-brand-600 underline dark:text-brand-100">
          /api/docs
        </a>
        ) with a key in the <code>Authorization: Bearer</code> header. A key works in this workspace only, with the access you
        give it.
      </p>

      <Dialog open={created !== null} onOpenChange={(o) => !o && setCreated(null)} title="Copy your new key">
        <p className="mb-3 text-sm">
          This is the only time <strong>{created?.name}</strong> is shown. Store it in your integration&apos;s secrets now.
        </p>
        <div className="flex items-center gap-2">
          <code data-testid="new-api-key" className="block flex-1 rounded bg-zinc-100 p-2 text-xs break-all dark:bg-zinc-800">
            {created?.token}
          </code>
          <Button
            variant="secondary"
            aria-label="Copy key"
            onClick={() => void navigator.clipboard?.writeText(created?.token ?? "").then(() => toast.success("Copied"))}
          >
            <Copy className="size-4" aria-hidden />
          </Button>
        </div>
      </Dialog>

      {keys.isLoading ? (
        <p className="text-sm text-muted">Loading keys…</p>
      ) : !keys.data?.length ? (
        <Empty>No API keys yet.</Empty>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="API keys">
            {keys.data.map((k) => (
              <li key={k.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                <KeyRound className="size-4 text-muted" aria-hidden />
                <div className="min-w-0 flex-1">
                  <div className="font-medium">{k.name}</div>
                  <div className="text-xs text-muted">
                    <code>mcrm_{k.prefix}_…</code> · {k.access === "read" ? "read only" : "read and write"} ·{" "}
                    {k.objects.map((o) => objectLabels[o]).join(", ")} · created {when(k.createdAt)} ·{" "}
                    {k.lastUsedAt ? `last used ${when(k.lastUsedAt)}` : "never used"}
                  </div>
                </div>
                {k.revokedAt ? (
                  <Badge>Revoked</Badge>
                ) : (
                  <Button
                    variant="secondary"
                    size="sm"
                    onClick={() => {
                      if (window.confirm(`Revoke “${k.name}”? Integrations using it stop working at once.`)) revoke.mutate({ id: k.id });
                    }}
                  >
                    Revoke
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
