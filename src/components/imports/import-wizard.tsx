"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Download, Undo2, Upload } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { dateOrders, duplicateActionLabels, duplicateActions, type ImportOptions } from "@/shared/imports";
import type { RecordObject } from "@/shared/permissions";
import { recordLabels } from "@/shared/record-labels";
import { errorMessage, useTRPC, useTRPCClient, type RouterOutputs } from "@/trpc/react";
import { BackLink } from "../records/back-link";
import { compactControl, linkButton } from "@/components/ui/styles";

type Upload = RouterOutputs["imports"]["get"];
type Preview = RouterOutputs["imports"]["preview"];

const select = `${compactControl} w-full`;
const dateOrderLabels = { auto: "Decide from the file", dmy: "Day first (31/12/2026)", mdy: "Month first (12/31/2026)" } as const;

/**
 * Importing a CSV file: upload, map its columns, check every row, then run it in the background
 * with a live progress bar, an error report and an undo.
 */
export function ImportWizard({ object }: { object: RecordObject }) {
  const noun = recordLabels[object];
  const [upload, setUpload] = useState<Upload | null>(null);
  return (
    <>
      <BackLink href={noun.path} label={noun.plural} />
      <PageHeader title={`Import ${noun.plural.toLowerCase()}`} />
      {upload ? <Mapping object={object} upload={upload} onRestart={() => setUpload(null)} /> : <FileStep object={object} onUploaded={setUpload} />}
    </>
  );
}

function FileStep({ object, onUploaded }: { object: RecordObject; onUploaded: (u: Upload) => void }) {
  const noun = recordLabels[object];
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function send(file: File) {
    setBusy(true);
    setError(null);
    try {
      const res = await fetch(`/api/import${noun.path}?name=${encodeURIComponent(file.name)}`, {
        method: "POST",
        headers: { "content-type": "text/csv" },
        body: await file.text(),
      });
      const body = (await res.json()) as Upload & { message?: string };
      if (!res.ok) setError(body.message ?? "The file could not be uploaded.");
      else onUploaded({ ...body, createdAt: new Date(body.createdAt), finishedAt: body.finishedAt ? new Date(body.finishedAt) : null });
    } catch {
      setError("The file could not be uploaded. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }
  return (
    <Card className="max-w-xl space-y-4 p-6">
      <p className="text-sm text-muted">
        A CSV file with a header line naming its columns: commas, semicolons or tabs between values, in UTF-8. Up to 50,000 rows and 20 MB.
      </p>
      <label className="block space-y-2 text-sm font-medium">
        <span>CSV file</span>
        <input
          type="file"
          accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values"
          disabled={busy}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void send(file);
          }}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-brand-600 file:px-4 file:py-2 file:text-white"
        />
      </label>
      {busy ? <p className="text-sm text-muted">Reading the file…</p> : null}
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
    </Card>
  );
}

function Mapping({ object, upload, onRestart }: { object: RecordObject; upload: Upload; onRestart: () => void }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const noun = recordLabels[object];
  const fields = useQuery(trpc.imports.fields.queryOptions({ object })).data ?? [];
  const [mapping, setMapping] = useState<Record<string, string>>(upload.mapping);
  const [options, setOptions] = useState<ImportOptions>({ onDuplicate: "skip", dateOrder: "auto" });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [started, setStarted] = useState(false);
  const check = useMutation({
    mutationFn: () => client.imports.preview.query({ id: upload.id, mapping, options }),
    onSuccess: setPreview,
    onError: (e) => toast.error(errorMessage(e)),
  });
  const start = useMutation(
    trpc.imports.start.mutationOptions({ onSuccess: () => setStarted(true), onError: (e) => toast.error(errorMessage(e)) }),
  );
  const change = (next: () => void) => {
    next();
    setPreview(null);
  };

  if (started) return <Progress object={object} id={upload.id} />;
  return (
    <div className="space-y-6">
      <Card className="p-6">
        <h2 className="mb-1 font-semibold">Match columns to fields</h2>
        <p className="mb-4 text-sm text-muted">
          {upload.fileName}: {upload.totalRows.toLocaleString("en-US")} {upload.totalRows === 1 ? "row" : "rows"}, {upload.headers.length} columns.{" "}
          <button type="button" className="underline" onClick={onRestart}>
            Choose another file
          </button>
        </p>
        <table className="w-full text-left text-sm" aria-label="Column mapping">
          <thead className="text-xs text-muted uppercase">
            <tr>
              <th className="py-2 pr-4 font-medium">Column in the file</th>
              <th className="py-2 pr-4 font-medium">First values</th>
              <th className="py-2 font-medium">Imports into</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {upload.headers.map((h, i) => (
              <tr key={i}>
                <th scope="row" className="py-2 pr-4 font-medium">
                  {h}
                </th>
                <td className="max-w-xs truncate py-2 pr-4 text-muted">
                  {upload.sample
                    .map((r) => r[i] ?? "")
                    .filter(Boolean)
                    .slice(0, 3)
                    .join(" · ") || "—"}
                </td>
                <td className="py-2">
                  <select
                    aria-label={`Field for “${h}”`}
                    className={select}
                    value={mapping[String(i)] ?? ""}
                    onChange={(e) =>
                      change(() => {
                        const next = { ...mapping };
                        if (e.target.value) next[String(i)] = e.target.value;
                        else delete next[String(i)];
                        setMapping(next);
                      })
                    }
                  >
                    <option value="">Don’t import</option>
                    {fields.map((f) => (
                      <option key={f.key} value={f.key} disabled={Object.entries(mapping).some(([c, k]) => k === f.key && c !== String(i))}>
                        {f.label}
                        {f.required ? " (required)" : ""}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <Card className="grid gap-4 p-6 sm:grid-cols-2">
        <fieldset>
          <legend className="mb-2 text-sm font-medium">When a row matches an existing {noun.singular.toLowerCase()}</legend>
          {duplicateActions.map((a) => (
            <label key={a} className="flex items-center gap-2 text-sm">
              <input type="radio" name="onDuplicate" checked={options.onDuplicate === a} onChange={() => change(() => setOptions({ ...options, onDuplicate: a }))} />
              {duplicateActionLabels[a]}
            </label>
          ))}
          <p className="mt-1 text-xs text-muted">{matchHint[object]}</p>
        </fieldset>
        <label className="block space-y-2 text-sm font-medium">
          <span>Dates like 03/04/2026</span>
          <select className={select} value={options.dateOrder} onChange={(e) => change(() => setOptions({ ...options, dateOrder: e.target.value as ImportOptions["dateOrder"] }))}>
            {dateOrders.map((d) => (
              <option key={d} value={d}>
                {dateOrderLabels[d]}
              </option>
            ))}
          </select>
        </label>
      </Card>

      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => check.mutate()} disabled={check.isPending}>
          {check.isPending ? "Checking rows…" : "Check rows"}
        </Button>
        {preview ? (
          <Button onClick={() => start.mutate({ id: upload.id, mapping, options })} disabled={start.isPending || preview.totalRows === preview.invalid}>
            <Upload className="size-4" aria-hidden /> Import {(preview.toCreate + preview.toUpdate).toLocaleString("en-US")} {preview.toCreate + preview.toUpdate === 1 ? "row" : "rows"}
          </Button>
        ) : null}
      </div>

      {preview ? (
        <Card className="space-y-3 p-6" aria-live="polite">
          <h2 className="font-semibold">What will happen</h2>
          <ul className="text-sm" aria-label="Import summary">
            <li>{preview.toCreate.toLocaleString("en-US")} to create</li>
            <li>{preview.toUpdate.toLocaleString("en-US")} to update</li>
            <li>{preview.toSkip.toLocaleString("en-US")} to skip (they match existing records)</li>
            <li>{preview.invalid.toLocaleString("en-US")} with problems (not imported)</li>
          </ul>
          <p className="text-xs text-muted">Dates are read {preview.dateOrder === "dmy" ? "day first (31/12/2026)" : "month first (12/31/2026)"}.</p>
          {preview.errors.length ? (
            <>
              <h3 className="text-sm font-medium">Rows with problems</h3>
              <ul className="max-h-80 space-y-1 overflow-y-auto text-sm" aria-label="Rows with problems">
                {preview.errors.map((e) => (
                  <li key={e.row}>
                    <span className="font-medium">Row {e.row}:</span> {e.messages.join(" ")}
                  </li>
                ))}
              </ul>
              {preview.invalid > preview.errors.length ? <p className="text-xs text-muted">The first {preview.errors.length} are listed; the report after the import has them all.</p> : null}
            </>
          ) : null}
        </Card>
      ) : null}
    </div>
  );
}

const matchHint: Record<RecordObject, string> = {
  company: "Companies match on their domain, or on their name.",
  contact: "Contacts match on their email address.",
  deal: "Deals match on their title.",
  lead: "Leads match on their email address.",
};

function Progress({ object, id }: { object: RecordObject; id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const noun = recordLabels[object];
  const imp = useQuery(
    trpc.imports.get.queryOptions(
      { id },
      { refetchInterval: (q) => (q.state.data && ["queued", "running"].includes(q.state.data.status) ? 700 : false) },
    ),
  );
  const undo = useMutation(
    trpc.imports.undo.mutationOptions({
      onSuccess: async (r) => {
        await Promise.all([imp.refetch(), queryClient.invalidateQueries({ queryKey: trpc.records.pathKey() })]);
        toast.success(`Import undone: ${r.removed} removed, ${r.restored} restored${r.companiesRemoved ? `, ${r.companiesRemoved} companies it made removed` : ""}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const d = imp.data;
  if (!d) return <p className="text-sm text-muted">Starting the import…</p>;
  const percent = d.totalRows ? Math.round((d.processedRows / d.totalRows) * 100) : 0;
  const finished = d.status === "done" || d.status === "failed" || d.status === "undone";
  return (
    <Card className="max-w-xl space-y-4 p-6">
      <h2 className="font-semibold">{d.status === "done" ? "Import finished" : d.status === "failed" ? "Import stopped" : d.status === "undone" ? "Import undone" : "Importing…"}</h2>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={d.totalRows}
        aria-valuenow={d.processedRows}
        aria-valuetext={`${d.processedRows} of ${d.totalRows} rows`}
        className="h-3 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-brand-600 transition-[width]" style={{ width: `${percent}%` }} />
      </div>
      <p className="text-sm" aria-live="polite">
        {d.processedRows.toLocaleString("en-US")} of {d.totalRows.toLocaleString("en-US")} rows · {d.created} created · {d.updated} updated · {d.skipped} skipped · {d.failed} failed
      </p>
      {d.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {d.error}
        </p>
      ) : null}
      {finished ? (
        <div className="flex flex-wrap gap-2">
          <Link href={noun.path} className="inline-flex h-10 items-center rounded-md bg-brand-600 px-4 text-sm font-medium text-white hover:bg-brand-700">
            See {noun.plural.toLowerCase()}
          </Link>
          {d.failed > 0 ? (
            <a href={`/api/import/${d.id}/errors.csv`} download className={linkButton}>
              <Download className="size-4" aria-hidden /> Download error report
            </a>
          ) : null}
          {d.status !== "undone" ? (
            <Button
              variant="ghost"
              disabled={undo.isPending}
              onClick={() => {
                if (window.confirm("Undo this import? Records it created go to the trash; records it updated get their old values back.")) undo.mutate({ id: d.id });
              }}
            >
              <Undo2 className="size-4" aria-hidden /> Undo import
            </Button>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
