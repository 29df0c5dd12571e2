"use client";
import { useQueryClient } from "@tanstack/react-query";
import { useSubscription } from "@trpc/tanstack-react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/trpc/react";

type Changed = "company" | "contact" | "deal" | "lead" | "task" | "comment" | "document" | "notification";

/**
 * Keeps open screens current: when records of a kind change anywhere in the workspace (another
 * person, an integration, a job, an import), the lists, boards and pages showing that kind read
 * again. Bursts are gathered for 100 ms.
 */
export function useLiveChanges() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  // One gatherer for the page's life: it holds the kinds seen until the next flush.
  const [gather] = useState(() => {
    const pending = new Set<Changed>();
    let timer: ReturnType<typeof setTimeout> | null = null;
    const flush = () => {
      timer = null;
      const notificationsOnly = [...pending].every((k) => k === "notification");
      const keys = new Set<readonly unknown[]>(notificationsOnly ? [] : [trpc.records.pathKey(), trpc.timeline.pathKey(), trpc.search.pathKey()]);
      for (const kind of pending) {
        if (kind === "company") keys.add(trpc.companies.pathKey());
        if (kind === "contact") keys.add(trpc.contacts.pathKey());
        if (kind === "deal") keys.add(trpc.deals.pathKey());
        if (kind === "lead") keys.add(trpc.leads.pathKey());
        if (kind === "task") keys.add(trpc.tasks.pathKey());
        if (kind === "deal" || kind === "lead" || kind === "task") keys.add(trpc.dashboard.pathKey());
        if (kind === "comment") keys.add(trpc.comments.pathKey());
        if (kind === "document") keys.add(trpc.documents.pathKey());
        if (kind === "notification") keys.add(trpc.notifications.pathKey());
      }
      pending.clear();
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    };
    return (kind: Changed) => {
      pending.add(kind);
      timer ??= setTimeout(flush, 100);
    };
  });

  const subscription = useSubscription(trpc.live.changes.subscriptionOptions(undefined, { onData: (change) => gather(change.type) }));
  // Ended by the server (a change of role, a restart): subscribe again, checked anew.
  const { status, reset } = subscription;
  useEffect(() => {
    if (status !== "error") return;
    const timer = setTimeout(reset, 2000);
    return () => clearTimeout(timer);
  }, [status, reset]);
}
