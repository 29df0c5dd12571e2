"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { SelectField, TextField } from "@/components/ui/field";
import { useCan, useWorkspace } from "@/components/shell/workspace-context";
import type { RecordObject } from "@/shared/permissions";
import { recordLabels } from "@/shared/record-labels";
import { createTaskInput, taskPriorities, taskPriorityLabels } from "@/shared/schemas";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "../records/format";
import { useFormSubmit } from "../records/use-form-submit";

const priorityTone = {
  low: "",
  normal: "",
  high: "bg-amber-100 text-amber-900 dark:bg-amber-500/15 dark:text-amber-200",
  urgent: "bg-red-100 text-red-800 dark:bg-red-500/15 dark:text-red-300",
} as const;

/**
 * Tasks with a quick-add form: everyone's tasks about one record (on its page), or a person's
 * own list (the Tasks page).
 */
export function TasksPanel({ recordType, recordId, title = "Tasks" }: { recordType?: RecordObject; recordId?: string; title?: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user } = useWorkspace();
  const canCreate = useCan("task.create");
  const canUpdate = useCan("task.update");
  const forRecord = Boolean(recordType && recordId);
  const [assignee, setAssignee] = useState<"me" | "anyone">(forRecord ? "anyone" : "me");
  const [status, setStatus] = useState<"open" | "done">("open");
  const [version, setVersion] = useState(0);
  const input = { assignee, status, recordType, recordId, limit: 100 } as const;
  const list = useQuery(trpc.tasks.list.queryOptions(input));
  const members = useQuery(trpc.workspace.members.queryOptions()).data ?? [];
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.tasks.list.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.timeline.list.pathKey() }),
    ]);
  const create = useMutation(trpc.tasks.create.mutationOptions());
  const update = useMutation(trpc.tasks.update.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(errorMessage(e)) }));
  const form = useFormSubmit(
    createTaskInput,
    (data) => ({
      title: data.get("title"),
      dueAt: (data.get("dueAt") as string) || null,
      assigneeId: (data.get("assigneeId") as string) || null,
      priority: data.get("priority") ?? "normal",
      recordType: recordType ?? null,
      recordId: recordId ?? null,
    }),
    async (values: z.infer<typeof createTaskInput>) => {
      await create.mutateAsync(values);
      await refresh();
      setVersion((v) => v + 1);
      toast.success("Task added");
    },
  );
  // "Overdue" as of when the list was opened.
  const [now] = useState(() => Date.now());

  return (
    <Card className="p-4">
      <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
        <h2 className="font-semibold">{title}</h2>
        <div className="flex gap-2 text-sm">
          <select aria-label="Whose tasks" value={assignee} onChange={(e) => setAssignee(e.target.value as "me" | "anyone")} className="rounded-md border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700">
            <option value="me">Mine</option>
            <option value="anyone">Everyone&apos;s</option>
          </select>
          <select aria-label="Which tasks" value={status} onChange={(e) => setStatus(e.target.value as "open" | "done")} className="rounded-md border border-zinc-300 bg-transparent px-2 py-1 dark:border-zinc-700">
            <option value="open">Open</option>
            <option value="done">Done</option>
          </select>
        </div>
      </div>
      {canCreate ? (
        <form key={version} onSubmit={form.onSubmit} className="mb-4 grid gap-3 sm:grid-cols-2" noValidate>
          <div className="sm:col-span-2">
            <TextField label="New task" name="title" placeholder="e.g. Send the proposal" error={form.errors.title} />
          </div>
          <TextField label="Due" name="dueAt" type="datetime-local" error={form.errors.dueAt} />
          <SelectField
            label="Assignee"
            name="assigneeId"
            defaultValue={user.id}
            key={members.length}
            options={[{ value: "", label: "Nobody" }, ...members.map((m) => ({ value: m.userId, label: m.name }))]}
          />
          <SelectField label="Priority" name="priority" defaultValue="normal" options={taskPriorities.map((p) => ({ value: p, label: taskPriorityLabels[p] }))} />
          <div className="flex items-end">
            <Button type="submit" disabled={form.pending}>
              Add task
            </Button>
          </div>
        </form>
      ) : null}
      {list.data?.length ? (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label={title}>
          {list.data.map((t) => {
            const overdue = t.status !== "done" && t.dueAt !== null && t.dueAt.getTime() < now;
            return (
              <li key={t.id} className="flex items-start gap-3 py-2">
                <input
                  type="checkbox"
                  className="mt-1"
                  aria-label={`Done: ${t.title}`}
                  checked={t.status === "done"}
                  disabled={!canUpdate}
                  onChange={(e) => update.mutate({ id: t.id, status: e.target.checked ? "done" : "open" })}
                />
                <div className="min-w-0 flex-1">
                  <Link prefetch={false} href={`/tasks/${t.id}`} className={cn("font-medium break-words hover:underline", t.status === "done" && "line-through opacity-70")}>
                    {t.title}
                  </Link>
                  <div className="flex flex-wrap items-center gap-2 text-xs text-muted">
                    {t.dueAt ? <span className={cn(overdue && "font-medium text-red-700 dark:text-red-400")}>{overdue ? "Overdue: " : "Due "}{when(t.dueAt)}</span> : null}
                    {t.assigneeName ? <span>{t.assigneeName}</span> : <span>Unassigned</span>}
                    {t.priority !== "normal" ? <Badge className={priorityTone[t.priority]}>{t.priority}</Badge> : null}
                    {!forRecord && t.recordType && t.recordId ? (
                      <Link prefetch={false} href={`${recordLabels[t.recordType].path}/${t.recordId}`} className="underline">
                        Open {t.recordType}
                      </Link>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="text-sm text-muted">{list.isLoading ? "Loading…" : status === "open" ? "No open tasks." : "No done tasks."}</p>
      )}
    </Card>
  );
}
