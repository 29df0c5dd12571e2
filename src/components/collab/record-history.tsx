"use client";
import { useQuery } from "@tanstack/react-query";
import { History, RotateCcw } from "lucide-react";
import { useMemo, useState } from "react";
import { toast } from "sonner";
import * as Y from "yjs";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { NOTE_FIELD, type RecordDocKind } from "@/shared/doc-names";
import { docFromBase64, FIELDS, fragmentLines, readDocValue, recordWho, sameValue, writeDocValue, type DocField, type FieldValue } from "@/shared/record-doc";
import { errorMessage, useTRPC, type RouterOutputs } from "@/trpc/react";
import { useDocFields } from "./live-fields";
import { LivePresence, useRecordDoc, type RecordDocSession } from "./record-doc";

type Version = RouterOutputs["history"]["list"]["versions"][number];

const when = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

function shown(v: unknown, field?: DocField): string {
  if (v === null || v === undefined || v === "") return "(empty)";
  if (field?.choices && typeof v === "string") return field.choices.find((c) => c.id === v)?.label ?? v;
  if (Array.isArray(v)) return v.map((x) => (typeof x === "object" && x && "value" in x ? String((x as { value: unknown }).value) : String(x))).join(", ") || "(empty)";
  if (field?.input === "datetime" && typeof v === "string") return when.format(new Date(v));
  if (typeof v === "number") return v.toLocaleString("en-US");
  if (typeof v === "object") return Object.values(v).filter(Boolean).join(", ") || "(empty)";
  const s = String(v);
  return s.length > 120 ? `${s.slice(0, 117)}…` : s;
}

/** The note as text, to show a version's note. */
const noteText = (doc: Y.Doc) => fragmentLines(doc.getXmlFragment(NOTE_FIELD)).join("\n").trim();

/** Under a record's heading: who has it open, whether it is live, and its history. */
export function RecordCollabBar({ object, id }: { object: RecordDocKind; id: string }) {
  return (
    <>
      <div className="mt-2">
        <LivePresence label={`People on this ${object}`} />
      </div>
      <div className="mt-2">
        <RecordHistory object={object} id={id} noun={object} />
      </div>
    </>
  );
}

/**
 * Time travel through a record: every version from its live edits, who made it and what it
 * changed; scrub to any version to see the record as it was; restore one field, or every field
 * and the note — the restore is a new edit, by whoever restores, that everyone sees live.
 */
export function RecordHistory({ object, id, noun }: { object: RecordDocKind; id: string; noun: string }) {
  const [open, setOpen] = useState(false);
  const session = useRecordDoc();
  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      wide
      title={`History of this ${noun}`}
      trigger={
        <Button variant="secondary" disabled={!session}>
          <History className="size-4" aria-hidden /> History
        </Button>
      }
    >
      {open && session ? <HistoryBody object={object} id={id} session={session} /> : null}
    </Dialog>
  );
}

function HistoryBody({ object, id, session }: { object: RecordDocKind; id: string; session: RecordDocSession }) {
  const trpc = useTRPC();
  const history = useQuery({ ...trpc.history.list.queryOptions({ object, id }), staleTime: 0 });
  const fields = useDocFields(object);
  const versions = history.data?.versions ?? [];
  // Versions newest first; the slider runs oldest (left) to newest (right).
  const [picked, setPicked] = useState<number | null>(null);
  const index = picked ?? 0;
  const version = versions[index];

  if (history.isLoading) return <p className="text-sm text-muted">Reading the history…</p>;
  if (history.error) return <p role="alert">{errorMessage(history.error)}</p>;
  if (!versions.length || !version) return <p className="text-sm text-muted">No changes yet: edits made on this page show here.</p>;

  return (
    <div className="grid gap-6 md:grid-cols-2">
      <div className="space-y-3">
        <label className="block text-sm font-medium" htmlFor="history-scrub">
          Scrub through {versions.length} versions
        </label>
        <input
          id="history-scrub"
          type="range"
          min={0}
          max={versions.length - 1}
          value={versions.length - 1 - index}
          aria-valuetext={`${when.format(new Date(version.at))} by ${version.user?.name ?? "the record"}`}
          onChange={(e) => setPicked(versions.length - 1 - Number(e.target.value))}
          className="w-full"
        />
        <ol className="max-h-[55vh] space-y-1 overflow-y-auto" aria-label="Versions">
          {versions.map((v, i) => (
            <li key={v.upTo}>
              <button
                type="button"
                aria-pressed={i === index}
                onClick={() => setPicked(i)}
                className={`w-full rounded-md px-3 py-2 text-left text-sm ${i === index ? "bg-brand-50 ring-1 ring-brand-500 dark:bg-zinc-800" : "hover:bg-zinc-50 dark:hover:bg-zinc-800"}`}
              >
                <span className="font-medium">{v.baseline ? "Record as first opened" : (v.user?.name ?? "An integration")}</span>
                <span className="ml-2 text-xs text-muted">{when.format(new Date(v.at))}</span>
                {v.changes.length ? (
                  <ul className="mt-1 space-y-0.5 text-xs text-muted">
                    {v.changes.map((c) => (
                      <li key={c.key}>
                        {c.label}: {shown(c.from, fields.find((f) => f.key === c.key))} → {shown(c.to, fields.find((f) => f.key === c.key))}
                      </li>
                    ))}
                  </ul>
                ) : null}
              </button>
            </li>
          ))}
        </ol>
      </div>
      <VersionView key={version.upTo} object={object} id={id} version={version} fields={fields} session={session} blame={history.data!.blame} />
    </div>
  );
}

function VersionView({
  object,
  id,
  version,
  fields,
  session,
  blame,
}: {
  object: RecordDocKind;
  id: string;
  version: Version;
  fields: DocField[];
  session: RecordDocSession;
  blame: RouterOutputs["history"]["list"]["blame"];
}) {
  const trpc = useTRPC();
  const state = useQuery({ ...trpc.history.version.queryOptions({ object, id, upTo: version.upTo }), staleTime: Infinity });
  const then = useMemo(() => (state.data ? docFromBase64(state.data.state) : null), [state.data]);
  const live = session.provider.document;
  const liveFields = live.getMap<unknown>(FIELDS);
  if (state.error) return <p role="alert">{errorMessage(state.error)}</p>;
  if (!then) return <p className="text-sm text-muted">Opening this version…</p>;
  const thenFields = then.getMap<unknown>(FIELDS);
  const canRestore = !session.readOnly;

  const restore = (list: DocField[], note: boolean) => {
    live.transact(() => {
      for (const f of list) {
        if (!thenFields.has(f.key)) continue;
        writeDocValue(liveFields, f, readDocValue(thenFields, f));
        recordWho(live, f.key, { id: session.user.id, name: session.user.name });
      }
      if (note) {
        const target = live.getXmlFragment(NOTE_FIELD);
        target.delete(0, target.length);
        const copy = then
          .getXmlFragment(NOTE_FIELD)
          .toArray()
          .map((n) => (n as Y.XmlElement | Y.XmlText).clone());
        target.insert(0, copy);
      }
    }, { local: true });
    toast.success(list.length === 1 && !note ? `${list[0]!.label} restored` : "Version restored");
  };

  const rows = fields.map((f) => {
    const was: FieldValue = thenFields.has(f.key) ? readDocValue(thenFields, f) : null;
    const now: FieldValue = liveFields.has(f.key) ? readDocValue(liveFields, f) : null;
    return { f, was, differs: !sameValue(was, now) };
  });
  const noteThen = noteText(then);
  const noteDiffers = noteThen !== noteText(live);
  const differing = rows.filter((r) => r.differs).map((r) => r.f);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="font-semibold">
          As of {when.format(new Date(version.at))}
        </h3>
        {canRestore && (differing.length || noteDiffers) ? (
          <Button onClick={() => restore(differing, noteDiffers)}>
            <RotateCcw className="size-4" aria-hidden /> Restore this version
          </Button>
        ) : null}
      </div>
      <dl className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800" aria-label="Fields at this version">
        {rows.map(({ f, was, differs }) => (
          <div key={f.key} className={`flex items-start justify-between gap-3 py-1.5 ${differs ? "bg-amber-50 dark:bg-amber-950/40" : ""}`}>
            <dt className="w-1/3 shrink-0 text-muted">
              {f.label}
              {blame[f.key] ? (
                <span className="block text-[11px]" title="Last changed by">
                  {blame[f.key]!.user?.name ?? "An integration"}, {when.format(new Date(blame[f.key]!.at))}
                </span>
              ) : null}
            </dt>
            <dd className="min-w-0 flex-1 break-words">{shown(was, f)}</dd>
            {differs && canRestore ? (
              <button type="button" className="shrink-0 text-xs font-medium text-brand-700 hover:underline dark:text-brand-100" onClick={() => restore([f], false)}>
                Restore {f.label}
              </button>
            ) : null}
          </div>
        ))}
        {noteThen || noteDiffers ? (
          <div className={`py-1.5 ${noteDiffers ? "bg-amber-50 dark:bg-amber-950/40" : ""}`}>
            <dt className="text-muted">Note</dt>
            <dd className="whitespace-pre-wrap">{noteThen || "(empty)"}</dd>
          </div>
        ) : null}
      </dl>
    </div>
  );
}
