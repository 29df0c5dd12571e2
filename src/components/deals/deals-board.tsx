"use client";
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  TouchSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type DragEndEvent,
} from "@dnd-kit/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Card, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { useCan } from "@/components/shell/workspace-context";
import { errorMessage, useTRPC, type RouterOutputs } from "@/trpc/react";
import { money } from "../records/format";
import { DealsViews } from "./deals-views";

type Deal = RouterOutputs["deals"]["list"][number];
type Stage = RouterOutputs["deals"]["pipelines"][number]["stages"][number];

function totals(deals: Deal[]) {
  const byCurrency = new Map<string, number>();
  for (const d of deals) if (d.amount !== null) byCurrency.set(d.currency, (byCurrency.get(d.currency) ?? 0) + d.amount);
  return [...byCurrency].map(([currency, total]) => money(total, currency)).join(" + ") || "—";
}

/**
 * The pipeline as columns of stages. Dragging a deal to another column is the same domain
 * operation as every other stage change (deals.move): the timeline entry and notifications follow.
 */
export function DealsBoard() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canMove = useCan("deal.update");
  const pipelines = useQuery(trpc.deals.pipelines.queryOptions());
  const [pipelineId, setPipelineId] = useState<string | null>(null);
  const pipeline = pipelines.data?.find((p) => p.id === pipelineId) ?? pipelines.data?.[0];
  const listInput = { limit: 200, pipelineId: pipeline?.id };
  const listKey = trpc.deals.list.queryKey(listInput);
  const deals = useQuery(trpc.deals.list.queryOptions(listInput, { enabled: !!pipeline }));
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor),
  );

  const move = useMutation(
    trpc.deals.move.mutationOptions({
      // The card moves at once; if the server refuses, it goes back and the reason is shown.
      onMutate: async ({ id, stageId }) => {
        await queryClient.cancelQueries({ queryKey: listKey });
        const before = queryClient.getQueryData<Deal[]>(listKey);
        const stage = pipelines.data?.flatMap((p) => p.stages).find((s) => s.id === stageId);
        queryClient.setQueryData<Deal[]>(listKey, (rows) =>
          rows?.map((d) => (d.id === id && stage ? { ...d, stageId, stageName: stage.name, stageKind: stage.kind } : d)),
        );
        return { before };
      },
      onError: (error, _vars, context) => {
        if (context?.before) queryClient.setQueryData(listKey, context.before);
        toast.error(errorMessage(error));
      },
      onSettled: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.deals.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.deals.get.queryKey() }),
        ]),
    }),
  );

  function onDragEnd({ active, over }: DragEndEvent) {
    if (!over) return;
    const deal = deals.data?.find((d) => d.id === active.id);
    if (deal && deal.stageId !== over.id) move.mutate({ id: deal.id, stageId: String(over.id) });
  }

  return (
    <>
      <PageHeader title="Pipeline">
        {pipelines.data && pipelines.data.length > 1 ? (
          <label className="flex items-center gap-2 text-sm font-medium">
            Pipeline
            <select
              className="h-9 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
              value={pipeline?.id}
              onChange={(e) => setPipelineId(e.target.value)}
            >
              {pipelines.data.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <DealsViews />
      </PageHeader>
      {!pipeline || deals.isLoading ? (
        <p className="text-sm text-muted">Loading the board…</p>
      ) : (
        <DndContext sensors={sensors} onDragEnd={onDragEnd} accessibility={{ screenReaderInstructions: { draggable: instructions } }}>
          <div className="-mx-4 flex snap-x gap-3 overflow-x-auto px-4 pb-4 md:mx-0 md:px-0" role="list" aria-label="Stages">
            {pipeline.stages.map((stage) => (
              <Column key={stage.id} stage={stage} deals={(deals.data ?? []).filter((d) => d.stageId === stage.id)} canMove={canMove} />
            ))}
          </div>
        </DndContext>
      )}
    </>
  );
}

const instructions =
  "To move a deal to another stage, press space or enter to pick it up, use the arrow keys to move it over another column, then press space or enter to drop it, or escape to cancel.";

function Column({ stage, deals, canMove }: { stage: Stage; deals: Deal[]; canMove: boolean }) {
  const { setNodeRef, isOver } = useDroppable({ id: stage.id });
  return (
    <section
      ref={setNodeRef}
      role="listitem"
      aria-label={stage.name}
      data-testid={`stage-${stage.name}`}
      className={cn(
        "flex w-72 shrink-0 snap-start flex-col rounded-lg bg-zinc-100 p-2 dark:bg-zinc-900",
        isOver && "ring-2 ring-brand-500",
      )}
    >
      <header className="mb-2 px-1">
        <div className="flex items-center justify-between">
          <h2 className="text-sm font-semibold">{stage.name}</h2>
          <span className="text-xs text-muted">{deals.length}</span>
        </div>
        <p className="text-xs text-muted" data-testid="stage-total">
          {totals(deals)}
        </p>
      </header>
      <ul className="flex min-h-24 flex-col gap-2" aria-label={`Deals in ${stage.name}`}>
        {deals.map((d) => (
          <DealCard key={d.id} deal={d} canMove={canMove} />
        ))}
      </ul>
    </section>
  );
}

function DealCard({ deal, canMove }: { deal: Deal; canMove: boolean }) {
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({
    id: deal.id,
    disabled: !canMove,
    // Still a list item to assistive technology, announced as draggable.
    attributes: { role: "listitem", roleDescription: "draggable deal" },
  });
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)` } : undefined;
  return (
    <li ref={setNodeRef} style={style} className={cn("touch-manipulation", isDragging && "z-10 opacity-80")} {...attributes} {...listeners}>
      <Card className={cn("p-3", canMove && "cursor-grab", isDragging && "shadow-lg")}>
        <Link prefetch={false} href={`/deals/${deal.id}`} className="block font-medium hover:underline" draggable={false}>
          {deal.title}
        </Link>
        <div className="mt-1 flex items-center justify-between gap-2 text-sm text-muted">
          <span className="truncate">{deal.companyName ?? "—"}</span>
          <span className="shrink-0 font-medium text-zinc-900 tabular-nums dark:text-zinc-100">{money(deal.amount, deal.currency)}</span>
        </div>
      </Card>
    </li>
  );
}
