"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, Empty, PageHeader } from "@/components/ui/card";
import { useTRPC } from "@/trpc/react";
import { when } from "./records/format";

export function NotificationsList() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const list = useQuery(trpc.notifications.list.queryOptions());
  const markAll = useMutation(
    trpc.notifications.markAllRead.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.notifications.list.queryKey() }),
    }),
  );
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
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {items.map((n) => (
              <li key={n.id} className="flex items-start gap-3 px-4 py-3">
                <span className={`mt-1.5 size-2 shrink-0 rounded-full ${n.readAt ? "bg-transparent" : "bg-brand-500"}`} aria-hidden />
                <div className="min-w-0">
                  {n.recordType === "deal" && n.recordId ? (
                    <Link href={`/deals/${n.recordId}`} className="font-medium hover:underline">
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
              </li>
            ))}
          </ul>
        </Card>
      )}
    </>
  );
}
