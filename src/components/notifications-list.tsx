"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, Empty, PageHeader } from "@/components/ui/card";
import { notificationKinds, type NotificationKind } from "@/shared/mentions";
import { recordPath } from "@/shared/record-labels";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "./records/format";


/** The notification centre: live (new ones arrive as they happen), each marked read when opened. */
export function NotificationsList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.notifications.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const markAll = useMutation(trpc.notifications.markAllRead.mutationOptions({ onSuccess: refresh }));
  const markRead = useMutation(trpc.notifications.markRead.mutationOptions({ onSuccess: refresh }));
  const items = list.data?.items ?? [];
  return (
    <>
      <PageHeader title="Notifications">
        {list.data?.unread ? (
          <Button variant="secondary" onClick={() => markAll.mutate()}>
            Mark all read
          </Button>
        ) : null}
      </PageHeader>
      {items.length === 0 ? (
        <Empty>You are all caught up.</Empty>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Notifications">
            {items.map((n) => {
              const href = recordPath(n.recordType, n.recordId);
              const read = () => !n.readAt && markRead.mutate({ ids: [n.id] });
              return (
                <li key={n.id} className="flex items-start gap-3 px-4 py-3" data-unread={n.readAt ? undefined : "true"}>
                  <span className={`mt-1.5 size-2 shrink-0 rounded-full ${n.readAt ? "bg-transparent" : "bg-brand-500"}`} aria-hidden />
                  <div className="min-w-0 flex-1">
                    {href ? (
                      <Link prefetch={false} href={href} onClick={read} className="font-medium hover:underline">
                        {n.title}
                      </Link>
                    ) : (
                      <span className="font-medium">{n.title}</span>
                    )}
                    <p className="text-xs text-muted">
                      {when(n.createdAt)}
                      {n.readAt ? "" : " · unread"}
                    </p>
                  </div>
                  {n.readAt ? null : (
                    <button type="button" className="shrink-0 text-xs text-muted hover:underline" onClick={read}>
                      Mark read
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
      )}
      <EmailSettings />
    </>
  );
}

/** Which notifications also come by email. */
function EmailSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const settings = useQuery(trpc.notifications.settings.queryOptions());
  const save = useMutation(
    trpc.notifications.setSettings.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.notifications.settings.queryKey() });
        toast.success("Email settings saved");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const chosen = new Set(settings.data?.emailKinds ?? []);
  return (
    <Card className="mt-6 p-4">
      <fieldset disabled={!settings.data || save.isPending}>
        <legend className="font-semibold">Also send me an email when…</legend>
        <div className="mt-3 space-y-2">
          {(Object.entries(notificationKinds) as [NotificationKind, string][]).map(([kind, label]) => (
            <label key={kind} className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                checked={chosen.has(kind)}
                onChange={(e) => {
                  const next = new Set(chosen);
                  if (e.target.checked) next.add(kind);
                  else next.delete(kind);
                  save.mutate({ emailKinds: [...next] as NotificationKind[] });
                }}
              />
              {label}
            </label>
          ))}
        </div>
      </fieldset>
    </Card>
  );
}
