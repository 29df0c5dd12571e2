"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FileText } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { documentKindLabels, documentKinds } from "@/shared/schemas";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "../records/format";

/** The proposals and contracts of a deal or company, and a way to start one. */
export function DocumentsPanel({ recordType, recordId }: { recordType: "deal" | "company"; recordId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canEdit = useCan(`${recordType}.update`);
  const list = useQuery(trpc.documents.list.queryOptions({ recordType, recordId }));
  const [title, setTitle] = useState("");
  const [kind, setKind] = useState<(typeof documentKinds)[number]>("proposal");
  const create = useMutation(
    trpc.documents.create.mutationOptions({
      onSuccess: async ({ id }) => {
        await queryClient.invalidateQueries({ queryKey: trpc.documents.list.queryKey() });
        router.push(`/documents/${id}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const docs = list.data ?? [];
  return (
    <Card>
      <h2 className="flex items-center gap-2 border-b border-zinc-200 px-4 py-3 font-semibold dark:border-zinc-800">
        <FileText className="size-4" aria-hidden /> Documents
      </h2>
      <div className="space-y-3 p-4">
        {docs.length ? (
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Documents">
            {docs.map((d) => (
              <li key={d.id} className="flex items-baseline justify-between gap-3 py-2 text-sm">
                <Link href={`/documents/${d.id}`} className="font-medium hover:underline">
                  {d.title}
                </Link>
                <span className="shrink-0 text-xs text-muted">
                  {documentKindLabels[d.kind as keyof typeof documentKindLabels] ?? d.kind} · {when(d.createdAt)}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="text-sm text-muted">No proposals or contracts yet.</p>
        )}
        {canEdit ? (
          <form
            className="flex flex-wrap items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ recordType, recordId, title, kind });
            }}
          >
            <label className="min-w-0 flex-1 text-sm">
              <span className="mb-1 block font-medium">New document title</span>
              <input value={title} onChange={(e) => setTitle(e.target.value)} className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900" />
            </label>
            <label className="text-sm">
              <span className="mb-1 block font-medium">Kind</span>
              <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} className="rounded-md border border-zinc-300 bg-white px-2 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900">
                {documentKinds.map((k) => (
                  <option key={k} value={k}>
                    {documentKindLabels[k]}
                  </option>
                ))}
              </select>
            </label>
            <Button type="submit" disabled={create.isPending}>
              Start document
            </Button>
          </form>
        ) : null}
      </div>
    </Card>
  );
}
