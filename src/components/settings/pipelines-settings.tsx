"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Card, Empty } from "@/components/ui/card";
import { stageKinds } from "@/shared/schemas";
import { errorMessage, useTRPC, type RouterOutputs } from "@/trpc/react";
import { ListHeader } from "../records/record-list";
import { compactControl } from "@/components/ui/styles";
import { moveItem } from "@/shared/arrays";

type Pipeline = RouterOutputs["deals"]["pipelines"][number];
interface DraftStage {
  id?: string;
  /** Stable across reorders, for React and for labels. */
  key: string;
  name: string;
  probability: number;
  kind: (typeof stageKinds)[number];
}

const kindLabels = { open: "Open", won: "Won", lost: "Lost" } as const;

/** Pipelines and their stages, for admins: rename, reorder, add and remove stages; add pipelines. */
export function PipelinesSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = useCan("workspace.update");
  const pipelines = useQuery(trpc.deals.pipelines.queryOptions());
  const [name, setName] = useState("");
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.deals.pipelines.queryKey() });
  const create = useMutation(
    trpc.deals.createPipeline.mutationOptions({
      onSuccess: async (p) => {
        await refresh();
        setName("");
        toast.success(`Pipeline “${p.name}” added`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  if (!canManage) return <Empty>Only workspace admins can change pipelines.</Empty>;
  return (
    <>
      <ListHeader title="Pipelines" />
      <p className="mb-6 max-w-2xl text-sm text-muted">
        Each pipeline is a sales process with its own ordered stages. A stage’s probability is what a deal in it is likely to be
        worth, unless the deal says otherwise.
      </p>
      {pipelines.isLoading ? <p className="text-sm text-muted">Loading pipelines…</p> : null}
      <div className="space-y-6">
        {pipelines.data?.map((p) => (
          <PipelineCard key={`${p.id}-${p.stages.map((s) => `${s.id}${s.name}${s.probability}${s.kind}`).join()}`} pipeline={p} onlyOne={pipelines.data.length === 1} onSaved={refresh} />
        ))}
      </div>
      <form
        className="mt-8 flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name });
        }}
      >
        <label className="flex flex-col gap-1 text-sm font-medium">
          New pipeline
          <input className={compactControl} value={name} onChange={(e) => setName(e.target.value)} maxLength={80} placeholder="Partnerships" required />
        </label>
        <Button type="submit" disabled={create.isPending}>
          <Plus className="size-4" aria-hidden /> Add pipeline
        </Button>
      </form>
    </>
  );
}

function PipelineCard({ pipeline, onlyOne, onSaved }: { pipeline: Pipeline; onlyOne: boolean; onSaved: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [name, setName] = useState(pipeline.name);
  const [stages, setStages] = useState<DraftStage[]>(() =>
    pipeline.stages.map((s) => ({ id: s.id, key: s.id, name: s.name, probability: s.probability, kind: s.kind })),
  );
  const removed = pipeline.stages.filter((s) => !stages.some((d) => d.id === s.id));
  const [moveTo, setMoveTo] = useState<Record<string, string>>({});
  const keptOpen = stages.filter((s) => s.kind === "open");
  const target = (removedId: string) => moveTo[removedId] ?? keptOpen[0]?.key ?? stages[0]?.key ?? "";

  const rename = useMutation(
    trpc.deals.renamePipeline.mutationOptions({
      onSuccess: async () => {
        await onSaved();
        toast.success("Pipeline renamed");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const save = useMutation(
    trpc.deals.saveStages.mutationOptions({
      onSuccess: async () => {
        await onSaved();
        toast.success(`Stages of “${pipeline.name}” saved`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const remove = useMutation(
    trpc.deals.deletePipeline.mutationOptions({
      onSuccess: async () => {
        await onSaved();
        toast.success(`Pipeline “${pipeline.name}” deleted`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  const update = (i: number, patch: Partial<DraftStage>) => setStages(stages.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  const move = (i: number, by: number) => setStages(moveItem(stages, i, by));
  const submit = () => {
    const moveDealsTo: Record<string, string | number> = {};
    for (const r of removed) {
      const key = target(r.id);
      const index = stages.findIndex((s) => s.key === key);
      const kept = stages[index];
      if (kept) moveDealsTo[r.id] = kept.id ?? index;
    }
    save.mutate({
      pipelineId: pipeline.id,
      stages: stages.map(({ id, name, probability, kind }) => ({ ...(id ? { id } : {}), name, probability, kind })),
      moveDealsTo,
    });
  };

  return (
    <Card className="p-5">
      <section aria-label={`Pipeline ${pipeline.name}`} className="space-y-4">
        <div className="flex flex-wrap items-end gap-2">
          <label className="flex flex-col gap-1 text-sm font-medium">
            Pipeline name
            <input className={compactControl} value={name} maxLength={80} onChange={(e) => setName(e.target.value)} />
          </label>
          <Button variant="secondary" disabled={name.trim() === pipeline.name || rename.isPending} onClick={() => rename.mutate({ id: pipeline.id, name })}>
            Rename
          </Button>
          {!onlyOne ? (
            <Button
              variant="ghost"
              className="ml-auto"
              onClick={() => {
                if (window.confirm(`Delete the pipeline “${pipeline.name}”? Only an empty pipeline can be deleted.`)) remove.mutate({ id: pipeline.id });
              }}
            >
              <Trash2 className="size-4" aria-hidden /> Delete pipeline
            </Button>
          ) : null}
        </div>
        <ol className="space-y-2" aria-label={`Stages of ${pipeline.name}`}>
          {stages.map((s, i) => (
            <li key={s.key} className="flex flex-wrap items-center gap-2" aria-label={s.name || `New stage ${i + 1}`}>
              <span className="w-6 text-right text-sm text-muted tabular-nums">{i + 1}.</span>
              <input aria-label="Stage name" className={`${compactControl} w-48`} value={s.name} maxLength={60} onChange={(e) => update(i, { name: e.target.value })} />
              <label className="flex items-center gap-1 text-sm">
                <input
                  aria-label="Probability (%)"
                  className={`${compactControl} w-20`}
                  type="number"
                  min={0}
                  max={100}
                  value={s.probability}
                  onChange={(e) => update(i, { probability: Number(e.target.value) })}
                />
                %
              </label>
              <select aria-label="Kind" className={compactControl} value={s.kind} onChange={(e) => update(i, { kind: e.target.value as DraftStage["kind"] })}>
                {stageKinds.map((k) => (
                  <option key={k} value={k}>
                    {kindLabels[k]}
                  </option>
                ))}
              </select>
              <Button size="sm" variant="ghost" aria-label={`Move ${s.name} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                <ArrowUp className="size-4" aria-hidden />
              </Button>
              <Button size="sm" variant="ghost" aria-label={`Move ${s.name} down`} disabled={i === stages.length - 1} onClick={() => move(i, 1)}>
                <ArrowDown className="size-4" aria-hidden />
              </Button>
              <Button size="sm" variant="ghost" aria-label={`Remove ${s.name}`} disabled={stages.length === 1} onClick={() => setStages(stages.filter((_, j) => j !== i))}>
                <Trash2 className="size-4" aria-hidden />
              </Button>
            </li>
          ))}
        </ol>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setStages([...stages, { key: crypto.randomUUID(), name: "", probability: 50, kind: "open" }])}
          disabled={stages.length >= 30}
        >
          <Plus className="size-4" aria-hidden /> Add stage
        </Button>
        {removed.length ? (
          <fieldset className="space-y-2 rounded-md border border-amber-300 p-3 dark:border-amber-700">
            <legend className="px-1 text-sm font-medium">Removed stages: where do their deals go?</legend>
            {removed.map((r) => (
              <label key={r.id} className="flex flex-wrap items-center gap-2 text-sm">
                Deals in “{r.name}” move to
                <select className={compactControl} value={target(r.id)} onChange={(e) => setMoveTo({ ...moveTo, [r.id]: e.target.value })}>
                  {stages.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.name || "(new stage)"}
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </fieldset>
        ) : null}
        <div className="flex justify-end border-t border-zinc-200 pt-4 dark:border-zinc-800">
          <Button onClick={submit} disabled={save.isPending}>
            {save.isPending ? "Saving…" : "Save stages"}
          </Button>
        </div>
      </section>
    </Card>
  );
}
