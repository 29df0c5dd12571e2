"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, Handshake, User, UserPlus } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, Empty, PageHeader } from "@/components/ui/card";
import { useWorkspace } from "@/components/shell/workspace-context";
import { can } from "@/shared/permissions";
import { recordLabels } from "@/shared/record-labels";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "./records/format";

const icons = { company: Building2, contact: User, deal: Handshake, lead: UserPlus } as const;

export function TrashList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { role } = useWorkspace();
  const trash = useQuery(trpc.trash.list.queryOptions());
  // Restored or purged records change lists, pages and search everywhere.
  const refresh = () => queryClient.invalidateQueries();
  const restore = useMutation(
    trpc.trash.restore.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success("Restored");
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const purge = useMutation(
    trpc.trash.purge.mutationOptions({
      onSuccess: async () => {
        await refresh();
        toast.success("Deleted for good");
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  const items = trash.data ?? [];
  return (
    <>
      <PageHeader title="Trash" />
      {trash.isLoading ? (
        <p className="text-sm text-muted">Loading the trash…</p>
      ) : items.length === 0 ? (
        <Empty>The trash is empty.</Empty>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Trash">
            {items.map((item) => {
              const Icon = icons[item.type];
              return (
                <li key={`${item.type}:${item.id}`} className="flex flex-wrap items-center gap-3 px-4 py-3">
                  <Icon className="size-4 text-muted" aria-hidden />
                  <div className="min-w-0 flex-1">
                    <div className="font-medium break-words">{item.title}</div>
                    <div className="text-xs text-muted">
                      {recordLabels[item.type].singular} · deleted {when(item.deletedAt)}
                      {item.deletedByName ? ` by ${item.deletedByName}` : ""}
                    </div>
                  </div>
                  {can(role, `${item.type}.delete`) ? (
                    <Button variant="secondary" size="sm" onClick={() => restore.mutate({ type: item.type, id: item.id })}>
                      Restore
                    </Button>
                  ) : null}
                  {can(role, "trash.purge") ? (
                    <Button
                      variant="ghost"
                      size="sm"
                      className="text-red-700 dark:text-red-400"
                      onClick={() => {
                        if (window.confirm(`Delete “${item.title}” for good? This cannot be undone.`)) purge.mutate({ type: item.type, id: item.id });
                      }}
                    >
                      Delete forever
                    </Button>
                  ) : null}
                </li>
              );
            })}
          </ul>
        </Card>
      )}
    </>
  );
}
