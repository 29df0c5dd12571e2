"use client";
import { useQuery } from "@tanstack/react-query";
import { stringify } from "csv-stringify/browser/esm/sync";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, Empty } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { errorMessage, useTRPC, type RouterOutputs } from "@/trpc/react";
import { when } from "../records/format";
import { ListHeader } from "../records/record-list";
import { compactControl } from "../ui/styles";

type Entry = RouterOutputs["audit"]["list"]["items"][number];

/** What changed, in a line: the fields whose values differ. */
function changes(e: Entry): string {
  const before = (e.before ?? {}) as Record<string, unknown>;
  const after = (e.after ?? {}) as Record<string, unknown>;
  if (!e.before || !e.after) return "";
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  return keys.map((k) => `${k}: ${JSON.stringify(before[k] ?? null)} → ${JSON.stringify(after[k] ?? null)}`).join("; ");
}

/**
 * The workspace's audit log for its admins: every change and security event, filtered by kind,
 * exported as CSV, and its hash chain checked on demand.
 */
export function AuditLog() {
  const trpc = useTRPC();
  const allowed = useCan("audit.read");
  const [action, setAction] = useState("");
  const [limit, setLimit] = useState(100);
  const log = useQuery({ ...trpc.audit.list.queryOptions({ action: action.trim() || undefined, limit }), enabled: allowed, placeholderData: (previous) => previous });
  // Checked on demand: it reads the whole chain.
  const verify = useQuery({ ...trpc.audit.verify.queryOptions(), enabled: false, staleTime: 0 });
  if (!allowed) return <Empty>Only workspace owners and admins read the audit log.</Empty>;
  const items = log.data?.items ?? [];

  const exportCsv = () => {
    const csv = stringify([
      ["time", "seq", "actor", "api key", "ip", "action", "object type", "object id", "before", "after", "hash"],
      ...items.map((e) => [e.at.toISOString(), e.seq, e.actorName ?? e.actorId ?? "", e.apiKeyId ?? "", e.ip ?? "", e.action, e.objectType ?? "", e.objectId ?? "", JSON.stringify(e.before ?? null), JSON.stringify(e.after ?? null), e.hash]),
    ]);
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = "audit-log.csv";
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <>
      <ListHeader title="Audit log" />
      <div className="mb-4 flex flex-wrap items-end gap-2">
        <label className="text-sm">
          <span className="mb-1 block font-medium">Kind of event</span>
          <input
            className={compactControl}
            placeholder="e.g. deal. or membership."
            value={action}
            onChange={(e) => setAction(e.target.value)}
            aria-label="Kind of event"
          />
        </label>
        <Button variant="secondary" onClick={exportCsv} disabled={!items.length}>
          Export CSV
        </Button>
        <Button
          variant="secondary"
          onClick={() => void verify.refetch().then((r) => r.error && toast.error(errorMessage(r.error)))}
          disabled={verify.isFetching}
        >
          Check the chain
        </Button>
        {verify.data ? (
          <p role="status" className={verify.data.brokenAt === null ? "text-sm text-emerald-700 dark:text-emerald-400" : "text-sm font-medium text-red-700 dark:text-red-400"}>
            {verify.data.brokenAt === null
              ? `Intact: all ${verify.data.checked} entries hash to the next.`
              : `Altered: entry #${verify.data.brokenAt} does not match its hash (the ${verify.data.checked} before it hold).`}
          </p>
        ) : null}
      </div>
      {log.isLoading ? (
        <p className="text-sm text-muted">Loading the log…</p>
      ) : log.error ? (
        <p role="alert">{errorMessage(log.error)}</p>
      ) : !items.length ? (
        <Empty>Nothing recorded{action ? " of this kind" : ""} yet.</Empty>
      ) : (
        <Card className="overflow-x-auto">
          <table className="w-full text-left text-sm" aria-label="Audit log">
            <thead className="border-b border-zinc-200 text-xs text-muted dark:border-zinc-800">
              <tr>
                <th className="px-3 py-2 font-medium">When</th>
                <th className="px-3 py-2 font-medium">Who</th>
                <th className="px-3 py-2 font-medium">What</th>
                <th className="px-3 py-2 font-medium">Change</th>
                <th className="px-3 py-2 font-medium">From</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {items.map((e) => (
                <tr key={e.id}>
                  <td className="px-3 py-2 whitespace-nowrap">{when(e.at)}</td>
                  <td className="px-3 py-2">{e.actorName ?? (e.apiKeyId ? "API key" : "System")}{e.apiKeyId ? " (API key)" : ""}</td>
                  <td className="px-3 py-2 font-mono text-xs">{e.action}</td>
                  <td className="max-w-md px-3 py-2 break-words text-xs">{changes(e)}</td>
                  <td className="px-3 py-2 text-xs text-muted">{e.ip ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {log.data?.next && limit < 1000 ? (
            <div className="p-3">
              <Button variant="secondary" onClick={() => setLimit((l) => Math.min(1000, l + 100))} disabled={log.isFetching}>
                Older entries
              </Button>
            </div>
          ) : null}
        </Card>
      )}
    </>
  );
}
