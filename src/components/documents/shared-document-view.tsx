"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import * as Y from "yjs";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CONTENT_FIELD } from "@/shared/doc-names";
import { docFromBase64, fragmentLines } from "@/shared/record-doc";
import { documentKindLabels } from "@/shared/schemas";
import { recordLabels } from "@/shared/record-labels";
import type { RecordObject } from "@/shared/permissions";
import { errorMessage, useTRPC } from "@/trpc/react";
import { CollaborativeNote } from "../collab/lazy-note";
import { LivePresence, RecordDocProvider, useRecordDoc } from "../collab/record-doc";
import { BackLink } from "../records/back-link";
import { when } from "../records/format";

/** A shared document (a proposal, a contract): written together live, with named versions. */
export function SharedDocumentView({ id, collabUrl }: { id: string; collabUrl: string }) {
  const trpc = useTRPC();
  const doc = useQuery(trpc.documents.get.queryOptions({ id }));
  if (doc.isLoading) return <p className="text-sm text-muted">Loading the document…</p>;
  if (doc.error || !doc.data) return <p role="alert">{doc.error ? errorMessage(doc.error) : "Document not found."}</p>;
  const d = doc.data;
  const parent = recordLabels[d.recordType as RecordObject];
  return (
    <RecordDocProvider documentName={d.documentName} collabUrl={collabUrl}>
      <div className="space-y-6">
        <div>
          <BackLink href={`${parent.path}/${d.recordId}`} label={d.recordName} />
          <h1 className="mt-2 text-2xl font-semibold tracking-tight break-words">{d.title}</h1>
          <p className="mt-1 text-sm text-muted">
            {documentKindLabels[d.kind as keyof typeof documentKindLabels] ?? d.kind} for {parent.singular.toLowerCase()} “{d.recordName}”
          </p>
          <div className="mt-2">
            <LivePresence label="People on this document" />
          </div>
        </div>
        <div className="grid gap-6 lg:grid-cols-3">
          <Card className="lg:col-span-2">
            <CollaborativeNote label={d.title} testId="document-content" field={CONTENT_FIELD} />
          </Card>
          <Versions id={id} readOnly={d.readOnly} />
        </div>
      </div>
    </RecordDocProvider>
  );
}

/** The document's paragraphs as lines of text. */
const lines = (doc: Y.Doc) => fragmentLines(doc.getXmlFragment(CONTENT_FIELD)).filter((l) => l.trim() !== "");

type DiffLine = { kind: "same" | "added" | "removed"; text: string };

/** Line by line, from a version to now (longest common subsequence). */
function diffLines(before: string[], after: string[]): DiffLine[] {
  const n = before.length;
  const m = after.length;
  const lcs = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = before[i] === after[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && before[i] === after[j]) {
      out.push({ kind: "same", text: before[i]! });
      i++;
      j++;
    } else if (j < m && (i >= n || lcs[i]![j + 1]! >= lcs[i + 1]![j]!)) out.push({ kind: "added", text: after[j++]! });
    else out.push({ kind: "removed", text: before[i++]! });
  }
  return out;
}

function Versions({ id, readOnly }: { id: string; readOnly: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const session = useRecordDoc();
  const versions = useQuery(trpc.documents.versions.queryOptions({ id }));
  const [name, setName] = useState("");
  const [comparing, setComparing] = useState<{ name: string; diff: DiffLine[] } | null>(null);
  const save = useMutation(
    trpc.documents.nameVersion.mutationOptions({
      onSuccess: async () => {
        setName("");
        await queryClient.invalidateQueries({ queryKey: trpc.documents.versions.queryKey({ id }) });
        toast.success("Version saved");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const load = async (versionId: string) => {
    const v = await queryClient.fetchQuery(trpc.documents.version.queryOptions({ versionId }));
    return { v, then: docFromBase64(v.state) };
  };
  const compare = async (versionId: string) => {
    if (!session) return;
    try {
      const { v, then } = await load(versionId);
      setComparing({ name: v.name, diff: diffLines(lines(then), lines(session.provider.document)) });
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };
  const restore = async (versionId: string) => {
    if (!session) return;
    try {
      const { v, then } = await load(versionId);
      const live = session.provider.document;
      // A new edit, by whoever restores, that everyone on the document sees at once.
      live.transact(() => {
        const target = live.getXmlFragment(CONTENT_FIELD);
        target.delete(0, target.length);
        target.insert(0, then.getXmlFragment(CONTENT_FIELD).toArray().map((n) => (n as Y.XmlElement | Y.XmlText).clone()));
      }, { local: true });
      setComparing(null);
      toast.success(`Restored “${v.name}”`);
    } catch (e) {
      toast.error(errorMessage(e));
    }
  };

  return (
    <Card className="space-y-4 p-4">
      <h2 className="font-semibold">Versions</h2>
      {readOnly ? null : (
        <form
          className="flex gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate({ id, name });
          }}
        >
          <label className="sr-only" htmlFor="version-name">
            Version name
          </label>
          <input
            id="version-name"
            value={name}
            placeholder="Name this version, e.g. Sent to client"
            onChange={(e) => setName(e.target.value)}
            className="block min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <Button type="submit" disabled={save.isPending || !name.trim()}>
            Save version
          </Button>
        </form>
      )}
      {versions.data?.length ? (
        <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Named versions">
          {versions.data.map((v) => (
            <li key={v.id} className="space-y-1 py-2 text-sm">
              <p>
                <span className="font-medium">{v.name}</span>
                <span className="block text-xs text-muted">
                  {v.authorName ?? "Someone"} · {when(v.createdAt)}
                </span>
              </p>
              <div className="flex gap-3 text-xs">
                <button type="button" className="font-medium text-brand-700 hover:underline dark:text-brand-100" onClick={() => void compare(v.id)}>
                  Compare with now
                </button>
                {readOnly ? null : (
                  <button type="button" className="font-medium text-brand-700 hover:underline dark:text-brand-100" onClick={() => void restore(v.id)}>
                    Restore
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-muted">No named versions yet.</p>
      )}
      {comparing ? (
        <section aria-label={`Changes since ${comparing.name}`} className="space-y-1 rounded-md border border-zinc-200 p-3 text-sm dark:border-zinc-800">
          <h3 className="font-medium">Since “{comparing.name}”</h3>
          {comparing.diff.every((l) => l.kind === "same") ? <p className="text-muted">No changes.</p> : null}
          {comparing.diff.map((l, i) => (
            <p
              key={i}
              className={l.kind === "added" ? "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200" : l.kind === "removed" ? "bg-red-50 text-red-900 line-through dark:bg-red-950 dark:text-red-200" : "text-muted"}
            >
              <span className="sr-only">{l.kind === "added" ? "Added: " : l.kind === "removed" ? "Removed: " : ""}</span>
              {l.text}
            </p>
          ))}
        </section>
      ) : null}
    </Card>
  );
}
