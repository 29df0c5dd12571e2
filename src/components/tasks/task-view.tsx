"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { formatDocName } from "@/shared/doc-names";
import { recordLabels } from "@/shared/record-labels";
import { taskStatusLabels } from "@/shared/schemas";
import { errorMessage, useTRPC } from "@/trpc/react";
import { LiveFields } from "../collab/live-fields";
import { RecordDocProvider } from "../collab/record-doc";
import { RecordCollabBar } from "../collab/record-history";
import { CommentsPanel } from "../comments/comments-panel";
import { BackLink } from "../records/back-link";
import { when } from "../records/format";

/**
 * A task's page: its fields edited live like any record's (several people at once, presence,
 * history), the record it is about, and deleting it.
 */
export function TaskView({ id, collabUrl }: { id: string; collabUrl: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canDelete = useCan("task.delete");
  const task = useQuery(trpc.tasks.get.queryOptions({ id }));
  const remove = useMutation(
    trpc.tasks.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.tasks.pathKey() });
        toast.success("Task deleted");
        router.push("/tasks");
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  if (task.isLoading) return <p className="text-sm text-muted">Loading the task…</p>;
  if (task.error || !task.data) return <p role="alert">{task.error ? errorMessage(task.error) : "Task not found."}</p>;
  const t = task.data;
  return (
    <RecordDocProvider documentName={formatDocName({ kind: "task", id })} collabUrl={collabUrl}>
      <div className="space-y-6">
        <div>
          <BackLink href="/tasks" label="Tasks" />
          <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
            <div>
              <h1 className="text-2xl font-semibold tracking-tight break-words">{t.title}</h1>
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-muted">
                <Badge>{taskStatusLabels[t.status]}</Badge>
                {t.dueAt ? <span>Due {when(t.dueAt)}</span> : null}
                {t.completedAt ? <span>Done {when(t.completedAt)}</span> : null}
                {t.recordType && t.recordId ? (
                  <span>
                    About{" "}
                    <Link className="underline" href={`${recordLabels[t.recordType].path}/${t.recordId}`}>
                      {t.recordName ?? `a ${t.recordType}`}
                    </Link>
                  </span>
                ) : null}
              </p>
              <RecordCollabBar object="task" id={id} />
            </div>
            {canDelete ? (
              <Button
                variant="secondary"
                disabled={remove.isPending}
                onClick={() => {
                  if (window.confirm(`Delete the task “${t.title}”? This cannot be undone.`)) remove.mutate({ id });
                }}
              >
                Delete
              </Button>
            ) : null}
          </div>
        </div>
        <div className="grid gap-6 lg:grid-cols-5">
          <Card className="p-4 lg:col-span-2">
            <h2 className="mb-3 font-semibold">Details</h2>
            <LiveFields object="task" />
          </Card>
          <div className="lg:col-span-3">
            <CommentsPanel recordType="task" recordId={id} />
          </div>
        </div>
      </div>
    </RecordDocProvider>
  );
}
