"use client";
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { ArrowRightLeft, CalendarDays, CheckSquare, Mail, Merge, MessageSquareText, Pencil, Phone, Plus, RotateCcw, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextAreaField, TextField } from "@/components/ui/field";
import { useCan } from "@/components/shell/workspace-context";
import type { RecordObject } from "@/shared/permissions";
import { logActivityInput, loggedKindLabels, loggedKinds } from "@/shared/schemas";
import { useTRPC } from "@/trpc/react";
import { when } from "./format";
import { useFormSubmit } from "./use-form-submit";

const icons: Record<string, typeof Phone> = {
  call: Phone,
  meeting: CalendarDays,
  email: Mail,
  note: MessageSquareText,
  stage_changed: ArrowRightLeft,
  created: Plus,
  deleted: Trash2,
  restored: RotateCcw,
  task_created: CheckSquare,
  task_completed: CheckSquare,
  fields_changed: Pencil,
  merged: Merge,
};

function describe(kind: string, data: Record<string, unknown>) {
  switch (kind) {
    case "stage_changed":
      return `moved it from ${String(data.from)} to ${String(data.to)}${typeof data.reason === "string" ? ` (${data.reason})` : ""}`;
    case "created":
      return "created it";
    case "deleted":
      return "moved it to the trash";
    case "restored":
      return "restored it from the trash";
    case "call":
      return "logged a call";
    case "meeting":
      return "logged a meeting";
    case "email":
      return "logged an email";
    case "note":
      return "added a note";
    case "contact_added":
      return "put someone on the deal";
    case "converted":
      return "converted it into a contact";
    case "converted_from_lead":
      return "created it from a lead";
    case "task_created":
      return `added the task “${String(data.title)}”`;
    case "task_completed":
      return `completed the task “${String(data.title)}”`;
    case "fields_changed":
      return `changed ${((data.changes as { field: string; from: string | null; to: string | null; hidden?: boolean }[] | undefined) ?? [])
        .map((c) => (c.hidden ? c.field : c.to === null ? `${c.field} (cleared “${c.from}”)` : c.from === null ? `${c.field} to “${c.to}”` : `${c.field} from “${c.from}” to “${c.to}”`))
        .join("; ")}`;
    case "erased":
      return "erased this person's data at their request";
    case "merged":
      return `merged ${((data.names as string[] | undefined) ?? []).map((n) => `“${n}”`).join(", ")} into it`;
    default:
      return kind.replaceAll("_", " ");
  }
}

function LogForm({ recordType, recordId, onLogged }: { recordType: RecordObject; recordId: string; onLogged: () => Promise<unknown> }) {
  const trpc = useTRPC();
  const [kind, setKind] = useState<(typeof loggedKinds)[number]>("call");
  const [version, setVersion] = useState(0);
  const log = useMutation(trpc.timeline.log.mutationOptions());
  const form = useFormSubmit(
    logActivityInput,
    (data) => ({ recordType, recordId, kind, subject: data.get("subject"), body: data.get("body") ?? "" }),
    async (values: z.infer<typeof logActivityInput>) => {
      if (!values.subject && !values.body) {
        toast.error("Write what happened before logging it.");
        return;
      }
      await log.mutateAsync(values);
      await onLogged();
      setVersion((v) => v + 1);
      toast.success(`${loggedKindLabels[kind]} logged`);
    },
  );
  return (
    <form key={version} onSubmit={form.onSubmit} className="mb-4 space-y-3 rounded-md border border-zinc-200 p-3 dark:border-zinc-800" noValidate>
      <div role="radiogroup" aria-label="Kind of activity" className="flex flex-wrap gap-1">
        {loggedKinds.map((k) => (
          <button
            key={k}
            type="button"
            role="radio"
            aria-checked={kind === k}
            onClick={() => setKind(k)}
            className={`rounded-md px-3 py-1 text-sm ${kind === k ? "bg-brand-600 text-white" : "bg-zinc-100 dark:bg-zinc-800"}`}
          >
            {loggedKindLabels[k]}
          </button>
        ))}
      </div>
      <TextField label="Subject" name="subject" placeholder={kind === "call" ? "Discovery call" : ""} error={form.errors.subject} />
      <TextAreaField label="What happened" name="body" />
      <Button type="submit" size="sm" disabled={form.pending}>
        Log {loggedKindLabels[kind].toLowerCase()}
      </Button>
    </form>
  );
}

/** Any record's timeline, newest first, with older entries a page at a time, and a form to log. */
export function RecordTimeline({ recordType, recordId }: { recordType: RecordObject; recordId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canLog = useCan(`${recordType}.update`);
  const timeline = useInfiniteQuery({
    ...trpc.timeline.list.infiniteQueryOptions({ recordType, recordId, limit: 20 }, { getNextPageParam: (page) => page.next }),
    // Entries written by background jobs (a stage change) appear without a reload.
    refetchInterval: 5_000,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card className="p-4">
      <h2 className="mb-3 font-semibold">Timeline</h2>
      {canLog ? (
        <LogForm
          recordType={recordType}
          recordId={recordId}
          onLogged={() => queryClient.invalidateQueries({ queryKey: trpc.timeline.list.infiniteQueryKey({ recordType, recordId, limit: 20 }) })}
        />
      ) : null}
      {items.length ? (
        <ol className="space-y-4 text-sm" aria-label="Timeline">
          {items.map((a) => {
            const Icon = icons[a.kind] ?? Plus;
            const subject = typeof a.data.subject === "string" ? a.data.subject : null;
            const body = typeof a.data.body === "string" ? a.data.body : null;
            return (
              <li key={a.id} className="flex gap-3">
                <span className="mt-0.5 grid size-6 shrink-0 place-items-center rounded-full bg-brand-50 text-brand-700 dark:bg-brand-500/15 dark:text-brand-100">
                  <Icon className="size-3.5" aria-hidden />
                </span>
                <div className="min-w-0">
                  <p>
                    <span className="font-medium">{a.actorName ?? "System"}</span> {describe(a.kind, a.data)}
                  </p>
                  {subject ? <p className="font-medium">{subject}</p> : null}
                  {body ? <p className="whitespace-pre-wrap break-words text-zinc-700 dark:text-zinc-300">{body}</p> : null}
                  <p className="text-xs text-muted">{when(a.createdAt)}</p>
                </div>
              </li>
            );
          })}
        </ol>
      ) : (
        <p className="text-sm text-muted">{timeline.isLoading ? "Loading…" : "Nothing has happened yet."}</p>
      )}
      {timeline.hasNextPage ? (
        <Button variant="ghost" size="sm" className="mt-3" disabled={timeline.isFetchingNextPage} onClick={() => void timeline.fetchNextPage()}>
          Show older
        </Button>
      ) : null}
    </Card>
  );
}
