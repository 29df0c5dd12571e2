"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { BackLink } from "../records/back-link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { formatDocName } from "@/shared/doc-names";
import { errorMessage, useTRPC } from "@/trpc/react";
import { CollaborativeNote } from "../collab/lazy-note";
import { LiveFields } from "../collab/live-fields";
import { RecordDocProvider } from "../collab/record-doc";
import { RecordCollabBar } from "../collab/record-history";
import { CommentsPanel } from "../comments/comments-panel";
import { SensitivePanel } from "../sensitive/sensitive-panel";
import { VisibilityCard } from "../records/visibility-card";
import { DocumentsPanel } from "../documents/documents-panel";
import { money } from "../records/format";
import { RecordTimeline } from "../records/record-timeline";
import { TasksPanel } from "../tasks/tasks-panel";
import { DealPeople } from "./deal-people";

export function DealView({ id, collabUrl }: { id: string; collabUrl: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canEdit = useCan("deal.update");
  const canDelete = useCan("deal.delete");
  const deal = useQuery(trpc.deals.get.queryOptions({ id }));
  const pipelines = useQuery(trpc.deals.pipelines.queryOptions());

  const move = useMutation(
    trpc.deals.move.mutationOptions({
      onSuccess: () => invalidateDeal(queryClient, trpc, id),
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const remove = useMutation(
    trpc.deals.delete.mutationOptions({
      onSuccess: async () => {
        await invalidateDeal(queryClient, trpc, id);
        toast.success("Deal moved to the trash");
        router.push("/deals");
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  if (deal.isLoading) return <p className="text-sm text-muted">Loading the deal…</p>;
  if (deal.error || !deal.data) return <p role="alert">{deal.error ? errorMessage(deal.error) : "Deal not found."}</p>;
  const d = deal.data;
  const stages = pipelines.data?.find((p) => p.id === d.pipelineId)?.stages ?? [];

  return (
    <RecordDocProvider documentName={formatDocName({ kind: "deal", id })} collabUrl={collabUrl}>
    <div className="space-y-6">
      <div>
        <BackLink href="/deals" label="Deals" />
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{d.title}</h1>
            <p className="mt-1 text-sm text-muted">
              {money(d.amount, d.currency)} · {d.companyName ?? "No company"} · owned by {d.ownerName ?? "nobody"}
            </p>
            <RecordCollabBar object="deal" id={id} />
          </div>
          {canDelete ? (
            <Button
              variant="secondary"
              onClick={() => {
                if (window.confirm(`Move “${d.title}” to the trash? You can restore it from the Trash.`)) remove.mutate({ id });
              }}
            >
              <Trash2 className="size-4" aria-hidden /> Delete
            </Button>
          ) : null}
        </div>
      </div>

      <nav aria-label="Stage" className="flex gap-1 overflow-x-auto pb-1">
        {stages.map((s) => {
          const current = s.id === d.stageId;
          return (
            <button
              key={s.id}
              type="button"
              disabled={!canEdit || current || move.isPending}
              aria-pressed={current}
              onClick={() => {
                // Closing a deal asks why (optional): the reason stays on the deal and in its timeline.
                const closing = s.kind === "won" || s.kind === "lost";
                const reason = closing ? window.prompt(`Why was it ${s.kind}? (optional)`) : null;
                if (closing && reason === null) return; // cancelled
                move.mutate({ id, stageId: s.id, ...(reason ? { closeReason: reason } : {}) });
              }}
              className={`shrink-0 rounded-md px-3 py-1.5 text-sm font-medium transition-colors ${
                current
                  ? "bg-brand-600 text-white"
                  : "bg-zinc-100 text-zinc-700 hover:bg-zinc-200 disabled:hover:bg-zinc-100 dark:bg-zinc-800 dark:text-zinc-300 dark:hover:bg-zinc-700"
              }`}
            >
              {s.name}
            </button>
          );
        })}
      </nav>

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          <Card>
            <h2 className="border-b border-zinc-200 px-4 py-3 font-semibold dark:border-zinc-800">Note</h2>
            <CollaborativeNote label="Deal note" testId="deal-note" />
          </Card>
          <DealPeople dealId={id} />
          <VisibilityCard recordType="deal" recordId={id} />
          <SensitivePanel recordType="deal" recordId={id} />
          <CommentsPanel recordType="deal" recordId={id} />
          <DocumentsPanel recordType="deal" recordId={id} />
          <TasksPanel recordType="deal" recordId={id} />
          <RecordTimeline recordType="deal" recordId={id} />
        </div>
        <Card className="p-4 lg:col-span-2">
          <div className="mb-3 flex items-center justify-between">
            <h2 className="font-semibold">Details</h2>
            <Badge>{d.probability}% likely</Badge>
          </div>
          <LiveFields object="deal" />
        </Card>
      </div>
    </div>
    </RecordDocProvider>
  );
}

/** Everything that shows this deal elsewhere: lists, its company's and contact's pages. */
function invalidateDeal(queryClient: ReturnType<typeof useQueryClient>, trpc: ReturnType<typeof useTRPC>, id: string) {
  return Promise.all([
    queryClient.invalidateQueries({ queryKey: trpc.deals.get.queryKey({ id }) }),
    queryClient.invalidateQueries({ queryKey: trpc.deals.list.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.timeline.list.pathKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.companies.get.queryKey() }),
    queryClient.invalidateQueries({ queryKey: trpc.contacts.get.queryKey() }),
  ]);
}
