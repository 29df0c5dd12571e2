"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ExternalLink, Trash2 } from "lucide-react";
import Link from "next/link";
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
import { RecordTimeline } from "../records/record-timeline";
import { TasksPanel } from "../tasks/tasks-panel";
import { fullName, money } from "../records/format";

export function CompanyView({ id, collabUrl }: { id: string; collabUrl: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canDelete = useCan("company.delete");
  const company = useQuery(trpc.companies.get.queryOptions({ id }));

  const remove = useMutation(
    trpc.companies.delete.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.companies.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.contacts.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.deals.pathKey() }),
        ]);
        toast.success("Company moved to the trash");
        router.push("/companies");
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  if (company.isLoading) return <p className="text-sm text-muted">Loading the company…</p>;
  if (company.error || !company.data)
    return <p role="alert">{company.error ? errorMessage(company.error) : "Company not found."}</p>;
  const c = company.data;
  const { contacts, deals } = c;

  return (
    <RecordDocProvider documentName={formatDocName({ kind: "company", id })} collabUrl={collabUrl}>
    <div className="space-y-6">
      <div>
        <BackLink href="/companies" label="Companies" />
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words">{c.name}</h1>
            <p className="mt-1 flex flex-wrap items-center gap-x-2 text-sm text-muted">
              {c.domain ? (
                <a
                  href={`https://${c.domain}`}
                  target="_blank"
                  rel="noopener noreferrer"
                  className="inline-flex items-center gap-1 break-all hover:text-zinc-900 hover:underline dark:hover:text-zinc-100"
                >
                  {c.domain}
                  <ExternalLink className="size-3.5 shrink-0" aria-hidden />
                  <span className="sr-only">(opens in a new tab)</span>
                </a>
              ) : (
                <span>No domain</span>
              )}
              <span aria-hidden>·</span>
              <span>{c.industry ?? "No industry"}</span>
            </p>
            <RecordCollabBar object="company" id={id} />
          </div>
          {canDelete ? (
            <Button
              variant="secondary"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Move “${c.name}” to the trash? You can restore it, with its links, from the Trash.`))
                  remove.mutate({ id });
              }}
            >
              <Trash2 className="size-4" aria-hidden /> Delete
            </Button>
          ) : null}
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="p-4 lg:col-span-2">
          <h2 className="mb-3 font-semibold">Details</h2>
          <LiveFields object="company" />
        </Card>
        <div className="space-y-6 lg:col-span-3">
          <Card>
            <h2 className="border-b border-zinc-200 px-4 py-3 font-semibold dark:border-zinc-800">Note</h2>
            <CollaborativeNote label="Company note" testId="company-note" />
          </Card>
          <Card>
            <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
              <h2 className="font-semibold">Contacts</h2>
              <Badge>{contacts.length}</Badge>
            </div>
            {contacts.length ? (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Contacts at this company">
                {contacts.map((p) => (
                  <li key={p.id}>
                    <Link
                      prefetch={false}
                      href={`/contacts/${p.id}`}
                      className="flex flex-wrap items-baseline justify-between gap-x-3 gap-y-0.5 px-4 py-3 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                    >
                      <span className="font-medium">{fullName(p)}</span>
                      {p.email ? <span className="min-w-0 break-all text-muted">{p.email}</span> : null}
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="px-4 py-3 text-sm text-muted">No contacts at this company yet.</p>
            )}
          </Card>
          <Card>
            <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
              <h2 className="font-semibold">Deals</h2>
              <Badge>{deals.length}</Badge>
            </div>
            {deals.length ? (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Deals with this company">
                {deals.map((d) => (
                  <li key={d.id}>
                    <Link
                      prefetch={false}
                      href={`/deals/${d.id}`}
                      className="flex items-baseline justify-between gap-3 px-4 py-3 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                    >
                      <span className="min-w-0 font-medium break-words">{d.title}</span>
                      <span className="shrink-0 font-semibold tabular-nums">{money(d.amount, d.currency)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="px-4 py-3 text-sm text-muted">No deals with this company yet.</p>
            )}
          </Card>
          <VisibilityCard recordType="company" recordId={id} />
          <SensitivePanel recordType="company" recordId={id} />
          <CommentsPanel recordType="company" recordId={id} />
          <DocumentsPanel recordType="company" recordId={id} />
          <TasksPanel recordType="company" recordId={id} />
          <RecordTimeline recordType="company" recordId={id} />
        </div>
      </div>
    </div>
    </RecordDocProvider>
  );
}


