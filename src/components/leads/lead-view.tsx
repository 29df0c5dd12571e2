"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { BackLink } from "../records/back-link";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { SelectField, TextField } from "@/components/ui/field";
import { useCan } from "@/components/shell/workspace-context";
import { leadStatusLabels } from "@/shared/schemas";
import { errorMessage, useTRPC, type RouterOutputs } from "@/trpc/react";
import { formatDocName } from "@/shared/doc-names";
import { CollaborativeNote } from "../collab/lazy-note";
import { LiveFields } from "../collab/live-fields";
import { RecordDocProvider } from "../collab/record-doc";
import { RecordCollabBar } from "../collab/record-history";
import { PrivacyActions } from "../records/privacy-actions";
import { CommentsPanel } from "../comments/comments-panel";
import { SensitivePanel } from "../sensitive/sensitive-panel";
import { VisibilityCard } from "../records/visibility-card";
import { fullName } from "../records/format";
import { RecordTimeline } from "../records/record-timeline";
import { TasksPanel } from "../tasks/tasks-panel";

type Lead = RouterOutputs["leads"]["get"];

function ConvertDialog({ lead, open, onOpenChange }: { lead: Lead; open: boolean; onOpenChange: (o: boolean) => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [withDeal, setWithDeal] = useState(true);
  const stages = useQuery(trpc.deals.pipelines.queryOptions()).data?.[0]?.stages ?? [];
  const convert = useMutation(
    trpc.leads.convert.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries();
        toast.success("Lead converted");
        router.push(result.dealId ? `/deals/${result.dealId}` : `/contacts/${result.contactId}`);
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Convert lead">
      <form
        className="space-y-4"
        onSubmit={(e) => {
          e.preventDefault();
          const data = new FormData(e.currentTarget);
          const amount = String(data.get("amount") ?? "").replace(/[, ]/g, "");
          convert.mutate({
            id: lead.id,
            deal: withDeal
              ? { title: String(data.get("dealTitle") ?? ""), amount: amount ? Number(amount) : null, stageId: String(data.get("stageId")), currency: "USD", expectedCloseDate: null }
              : null,
          });
        }}
      >
        <p className="text-sm">
          {fullName(lead)} becomes a contact{lead.companyName ? ` at ${lead.companyName}` : ""} (an existing one when the email or company name
          matches). The lead stays, marked converted, with its history.
        </p>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={withDeal} onChange={(e) => setWithDeal(e.target.checked)} /> Also create a deal
        </label>
        {withDeal ? (
          <>
            <TextField label="Deal title" name="dealTitle" defaultValue={`${lead.companyName ?? fullName(lead)} deal`} required />
            <TextField label="Amount" name="amount" inputMode="decimal" />
            <SelectField label="Stage" name="stageId" key={stages.length} defaultValue={stages[0]?.id} options={stages.map((s) => ({ value: s.id, label: s.name }))} />
          </>
        ) : null}
        <Button type="submit" disabled={convert.isPending}>
          {convert.isPending ? "Converting…" : "Convert"}
        </Button>
      </form>
    </Dialog>
  );
}


export function LeadView({ id, collabUrl }: { id: string; collabUrl: string }) {
  const trpc = useTRPC();
  const canEdit = useCan("lead.update");
  const [converting, setConverting] = useState(false);
  const lead = useQuery(trpc.leads.get.queryOptions({ id }));
  if (lead.isLoading) return <p className="text-sm text-muted">Loading the lead…</p>;
  if (lead.error || !lead.data) return <p role="alert">{lead.error ? errorMessage(lead.error) : "Lead not found."}</p>;
  const l = lead.data;
  const converted = l.convertedAt !== null;
  return (
    <RecordDocProvider documentName={formatDocName({ kind: "lead", id })} collabUrl={collabUrl}>
    <div className="space-y-6">
      <div>
        <BackLink href="/leads" label="Leads" />
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{fullName(l)}</h1>
            <p className="mt-1 text-sm text-muted">
              <Badge>{leadStatusLabels[l.status]}</Badge> {l.companyName ?? ""}
            </p>
            <RecordCollabBar object="lead" id={id} />
            <div className="mt-2">
              <PrivacyActions type="lead" id={id} name={fullName(l)} />
            </div>
          </div>
          {canEdit && !converted ? <Button onClick={() => setConverting(true)}>Convert</Button> : null}
        </div>
        {converted ? (
          <p className="mt-3 text-sm">
            Converted into{" "}
            {l.convertedContactId ? (
              <Link className="underline" href={`/contacts/${l.convertedContactId}`}>
                a contact
              </Link>
            ) : null}
            {l.convertedDealId ? (
              <>
                {" "}and{" "}
                <Link className="underline" href={`/deals/${l.convertedDealId}`}>
                  a deal
                </Link>
              </>
            ) : null}
            .
          </p>
        ) : null}
      </div>
      <ConvertDialog lead={l} open={converting} onOpenChange={setConverting} />
      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="p-4 lg:col-span-2">
          <h2 className="mb-3 font-semibold">Details</h2>
          <LiveFields object="lead" locked={converted} />
        </Card>
        <div className="space-y-6 lg:col-span-3">
          <Card>
            <h2 className="border-b border-zinc-200 px-4 py-3 font-semibold dark:border-zinc-800">Note</h2>
            <CollaborativeNote label="Lead note" testId="lead-note" />
          </Card>
          <VisibilityCard recordType="lead" recordId={id} />
          <SensitivePanel recordType="lead" recordId={id} />
          <CommentsPanel recordType="lead" recordId={id} />
          <TasksPanel recordType="lead" recordId={id} />
          <RecordTimeline recordType="lead" recordId={id} />
        </div>
      </div>
    </div>
    </RecordDocProvider>
  );
}
