"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, Empty } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "../records/format";
import { ListHeader } from "../records/record-list";
import { compactControl } from "../ui/styles";

const kinds = [
  { kind: "stale_leads", title: "Leads nobody touched", action: "erase leads not changed for", after: "days (converted leads are kept)" },
  { kind: "withdrawn_contacts", title: "Contacts who withdrew consent", action: "erase contacts whose every consent was withdrawn", after: "days ago" },
  { kind: "trash", title: "The trash", action: "delete for good what has been in the trash for", after: "days" },
] as const;
type Kind = (typeof kinds)[number]["kind"];

function RuleEditor({ kind, title, action, after }: (typeof kinds)[number]) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rules = useQuery(trpc.privacy.retentionRules.queryOptions());
  const rule = rules.data?.find((r) => r.kind === kind);
  const [days, setDays] = useState<string>("");
  const shownDays = days || String(rule?.days ?? (kind === "trash" ? 30 : 365));
  const valid = /^\d+$/.test(shownDays) && Number(shownDays) >= 1 && Number(shownDays) <= 3650;
  const preview = useQuery({ ...trpc.privacy.previewRetention.queryOptions({ kind, days: Number(shownDays) }), enabled: valid });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.privacy.retentionRules.queryKey() });
  const fail = (e: unknown) => toast.error(errorMessage(e));
  const save = useMutation(trpc.privacy.setRetentionRule.mutationOptions({ onSuccess: () => (setDays(""), refresh()), onError: fail }));
  const remove = useMutation(trpc.privacy.removeRetentionRule.mutationOptions({ onSuccess: refresh, onError: fail }));
  const run = useMutation(
    trpc.privacy.applyRetentionRule.mutationOptions({
      onSuccess: (r) => {
        toast.success(`${r[0]?.count ?? 0} record(s) done`);
        void refresh();
        void queryClient.invalidateQueries({ queryKey: trpc.privacy.previewRetention.queryKey() });
      },
      onError: fail,
    }),
  );
  return (
    <li className="space-y-2 px-4 py-3" aria-label={title}>
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="font-medium">{title}</h3>
        <span className="text-xs text-muted">{rule ? (rule.enabled ? "On" : "Off") : "No rule"}</span>
      </div>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span>Every night, {action}</span>
        <input
          aria-label={`${title}: days`}
          className={`${compactControl} w-24`}
          inputMode="numeric"
          value={shownDays}
          onChange={(e) => setDays(e.target.value)}
        />
        <span>{after}.</span>
      </div>
      <p className="text-sm text-muted" role="status">
        {!valid ? "Use a whole number of days from 1 to 3,650." : preview.data ? `${preview.data.count > 10_000 ? "More than 10,000" : preview.data.count} record(s) would go today.` : " "}
        {rule?.lastRunAt ? ` Last run ${when(rule.lastRunAt)}: ${rule.lastCount ?? 0} record(s).` : ""}
      </p>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" disabled={!valid || save.isPending} onClick={() => save.mutate({ kind: kind as Kind, days: Number(shownDays), enabled: true })}>
          {rule ? (rule.enabled ? "Save" : "Turn on") : "Turn on"}
        </Button>
        {rule?.enabled ? (
          <Button size="sm" variant="secondary" onClick={() => save.mutate({ kind: kind as Kind, days: rule.days, enabled: false })}>
            Turn off
          </Button>
        ) : null}
        {rule?.enabled ? (
          <Button
            size="sm"
            variant="secondary"
            disabled={run.isPending}
            onClick={() => {
              if (window.confirm(`Apply “${title}” now? What it erases or deletes cannot be brought back.`)) run.mutate({ id: rule.id });
            }}
          >
            Run now
          </Button>
        ) : null}
        {rule ? (
          <Button size="sm" variant="ghost" onClick={() => remove.mutate({ id: rule.id })}>
            Remove
          </Button>
        ) : null}
      </div>
    </li>
  );
}

/** Retention rules (GDPR storage limitation): what the workspace keeps, and for how long. */
export function PrivacySettings() {
  const allowed = useCan("privacy.manage");
  if (!allowed) return <Empty>Only workspace owners and admins set retention rules.</Empty>;
  return (
    <>
      <ListHeader title="Privacy" />
      <p className="mb-4 max-w-2xl text-sm text-muted">
        Keep personal data only as long as you need it. Rules run every night; erasing keeps a record&apos;s place (deals and tasks still point at
        it) but empties it of the person, as the Erase button on a contact does. Everything a rule does is in the audit log.
      </p>
      <Card>
        <ul aria-label="Retention rules" className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {kinds.map((k) => (
            <RuleEditor key={k.kind} {...k} />
          ))}
        </ul>
      </Card>
    </>
  );
}
