"use client";
import { useQuery } from "@tanstack/react-query";
import { X } from "lucide-react";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import * as Y from "yjs";
import type { RecordDocKind } from "@/shared/doc-names";
import type { RecordObject } from "@/shared/permissions";
import {
  customDocField,
  docFields,
  FIELDS,
  readDocValue,
  recordWho,
  replaceText,
  sameValue,
  whoWrote,
  writeDocValue,
  type DocField,
  type FieldValue,
} from "@/shared/record-doc";
import { useTRPC } from "@/trpc/react";
import { compactControl } from "../ui/styles";
import { useRecordDoc, type RecordDocSession } from "./record-doc";

/** The origin of this browser's own edits, so its observers can tell them from others'. */
const LOCAL = { local: true };

const control =
  "block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-1 focus:ring-brand-500 focus:outline-none disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900";

/**
 * A record's fields, edited live: every keystroke goes into the record's document and shows at
 * once to everyone on the page; the collab-server writes it into the record shortly after. Who
 * is in which field shows as a coloured outline with their name.
 */
export function LiveFields({ object, locked = false }: { object: RecordDocKind; locked?: boolean }) {
  const session = useRecordDoc();
  const fields = useDocFields(object);
  const ready = useFieldsReady(session);
  if (!session || !ready) return <p className="text-sm text-muted">Opening the fields…</p>;

  const groups = new Map<string, DocField[]>();
  for (const f of fields) {
    const g = f.custom ? "More fields" : (f.group ?? "");
    groups.set(g, [...(groups.get(g) ?? []), f]);
  }
  return (
    <div className="space-y-5">
      {[...groups].map(([group, list]) =>
        group ? (
          <fieldset key={group} className="space-y-3 border-t border-zinc-200 pt-4 dark:border-zinc-800">
            <legend className="pr-2 text-sm font-semibold">{group}</legend>
            {list.map((f) => (
              <LiveField key={f.key} field={f} session={session} object={object} locked={locked} />
            ))}
          </fieldset>
        ) : (
          <div key="main" className="space-y-3">
            {list.map((f) => (
              <LiveField key={f.key} field={f} session={session} object={object} locked={locked} />
            ))}
          </div>
        ),
      )}
    </div>
  );
}

/** The fields of a record type's document: built-in, then the workspace's custom fields (tasks have none). */
export function useDocFields(object: RecordDocKind): DocField[] {
  const trpc = useTRPC();
  const custom = useQuery({ ...trpc.customFields.list.queryOptions({ object: object as RecordObject }), enabled: object !== "task" }).data;
  return useMemo(() => [...docFields[object], ...(custom ?? []).map((f) => customDocField({ ...f, options: f.options ?? {} }))], [object, custom]);
}

/** True once the document holds its fields (the collab-server fills them from the row). */
function useFieldsReady(session: RecordDocSession | null) {
  const map = session?.provider.document.getMap<unknown>(FIELDS);
  const [ready, setReady] = useState(() => (map ? map.size > 0 : false));
  useEffect(() => {
    if (!map) return;
    const check = () => setReady(map.size > 0);
    map.observe(check);
    return () => map.unobserve(check);
  }, [map]);
  return ready || (map?.size ?? 0) > 0;
}

const touches = (map: Y.Map<unknown>, key: string, events: Y.YEvent<Y.AbstractType<unknown>>[]) =>
  events.some((e) => (e.path.length ? e.path[0] === key : e.target === map && (e as Y.YMapEvent<unknown>).keysChanged.has(key)));

interface Overwrite {
  by: string;
  mine: FieldValue;
  theirs: FieldValue;
}

function LiveField({ field, session, object, locked }: { field: DocField; session: RecordDocSession; object: RecordDocKind; locked: boolean }) {
  const doc = session.provider.document;
  const map = doc.getMap<unknown>(FIELDS);
  const [value, setValue] = useState<FieldValue>(() => readDocValue(map, field));
  const [present, setPresent] = useState(() => map.has(field.key));
  const [overwrite, setOverwrite] = useState<Overwrite | null>(null);
  // What this person last wrote here, to tell them when someone else replaces it.
  const mine = useRef<{ value: FieldValue } | null>(null);
  const id = useId();

  useEffect(() => {
    let last = readDocValue(map, field);
    const onChange = (events: Y.YEvent<Y.AbstractType<unknown>>[], transaction: Y.Transaction) => {
      if (!touches(map, field.key, events)) return;
      const next = readDocValue(map, field);
      setPresent(map.has(field.key));
      setValue(next);
      const own = mine.current;
      if (!transaction.local && own && field.merge === "scalar" && sameValue(last, own.value) && !sameValue(next, own.value)) {
        setOverwrite({ by: whoWrote(doc, field.key)?.name ?? "Someone", mine: own.value, theirs: next });
        mine.current = null;
      }
      last = next;
    };
    map.observeDeep(onChange);
    return () => map.unobserveDeep(onChange);
  }, [doc, map, field]);

  const write = (next: unknown) => {
    doc.transact(() => {
      writeDocValue(map, field, next);
      recordWho(doc, field.key, { id: session.user.id, name: session.user.name });
    }, LOCAL);
    mine.current = { value: readDocValue(map, field) };
    setOverwrite(null);
    session.clearRefusal(field.key);
  };
  const focus = () => session.provider.setAwarenessField("field", field.key);
  const blur = () => session.provider.setAwarenessField("field", null);

  const self = session.provider.awareness?.clientID;
  const editors = session.peers.filter((p) => p.field === field.key && p.clientId !== self && p.user.id !== session.user.id);
  const color = editors[0]?.user.color;
  const disabled = session.readOnly || locked || !present;
  const refusal = session.refusals[field.key];
  const missing = field.required && value === null ? `${field.label} is required.` : null;
  const error = refusal ?? missing;
  const props: InputProps = { id, field, value, disabled, write, onFocus: focus, onBlur: blur, object, describedBy: error ? `${id}-error` : undefined };

  return (
    <div
      className="relative rounded-md transition-[outline-color]"
      style={color ? { outline: `2px solid ${color}`, outlineOffset: 3 } : undefined}
      data-field={field.key}
      data-editing={editors.length ? editors.map((e) => e.user.name).join(", ") : undefined}
    >
      {editors.length ? (
        <span className="absolute -top-3 right-1 z-10 rounded px-1.5 py-0.5 text-[11px] font-medium text-white" style={{ backgroundColor: color }}>
          {[...new Set(editors.map((e) => e.user.name))].join(", ")}
        </span>
      ) : null}
      {field.input === "checkbox" ? null : (
        <label htmlFor={id} className="mb-1 block text-sm font-medium text-zinc-700 dark:text-zinc-300">
          {field.label}
        </label>
      )}
      <FieldInput {...props} />
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      {overwrite ? (
        <p role="status" className="mt-1 flex flex-wrap items-center gap-2 rounded bg-amber-50 px-2 py-1 text-xs text-amber-900 dark:bg-amber-950 dark:text-amber-200">
          <span>
            {overwrite.by} changed this from your {show(field, overwrite.mine)} to {show(field, overwrite.theirs)}.
          </span>
          <button type="button" className="font-semibold underline" onClick={() => write(overwrite.mine)}>
            Undo
          </button>
          <button type="button" aria-label="Dismiss" className="ml-auto" onClick={() => setOverwrite(null)}>
            <X className="size-3.5" aria-hidden />
          </button>
        </p>
      ) : null}
    </div>
  );
}

function show(field: DocField, v: FieldValue): string {
  if (v === null) return "(empty)";
  if (field.input === "datetime" && typeof v === "string") return `“${new Date(v).toLocaleString()}”`;
  if (field.choices) return `“${field.choices.find((c) => c.id === v)?.label ?? String(v)}”`;
  if (typeof v === "number") return v.toLocaleString("en-US");
  return `“${Array.isArray(v) ? v.join(", ") : String(v)}”`;
}

interface InputProps {
  id: string;
  field: DocField;
  value: FieldValue;
  disabled: boolean;
  object: RecordDocKind;
  describedBy?: string;
  write(value: unknown): void;
  onFocus(): void;
  onBlur(): void;
}

function FieldInput(props: InputProps) {
  const { field } = props;
  if (field.merge === "text") return <LiveText {...props} />;
  switch (field.input) {
    case "tags":
      return <TagsInput {...props} />;
    case "multi_select":
      return <MultiSelectInput {...props} />;
    case "checkbox":
      return <CheckboxInput {...props} />;
    case "select":
      return <ChoiceSelect {...props} options={(field.choices ?? []).map((c) => ({ value: c.id, label: c.label }))} />;
    case "stage":
      return <StageSelect {...props} />;
    case "relation":
      return <RelationSelect {...props} />;
    case "user":
      return <MemberSelect {...props} />;
    case "labelled_list":
      return <LabelledListEditor {...props} />;
    default:
      return <ScalarText {...props} />;
  }
}

/**
 * A text field bound to its Y.Text: typing edits the shared text; others' edits come in with the
 * caret kept where it was relative to the text around it.
 */
function LiveText({ id, field, disabled, describedBy, onFocus, onBlur }: InputProps) {
  const session = useRecordDoc()!;
  const map = session.provider.document.getMap<unknown>(FIELDS);
  const ref = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const multiline = field.input === "long_text";

  // The Y.Text of a key can be replaced (the server re-creates a missing field, two servers
  // create one at once): follow whichever the map holds now.
  const [text, setText] = useState(() => map.get(field.key));
  useEffect(() => {
    const onKeys = (event: Y.YMapEvent<unknown>) => {
      if (event.keysChanged.has(field.key)) setText(map.get(field.key));
    };
    map.observe(onKeys);
    return () => map.unobserve(onKeys);
  }, [map, field.key]);

  useEffect(() => {
    const el = ref.current;
    if (!el || !(text instanceof Y.Text)) return;
    el.value = text.toString();
    // While an input method composes a word, the field is left alone; it catches up after.
    let composing = false;
    const onStart = () => (composing = true);
    const onEnd = () => {
      composing = false;
      if (el.value !== text.toString()) session.provider.document.transact(() => replaceText(text, el.value), LOCAL);
    };
    el.addEventListener("compositionstart", onStart);
    el.addEventListener("compositionend", onEnd);
    const onRemote = (event: Y.YTextEvent, transaction: Y.Transaction) => {
      if (transaction.origin === LOCAL || composing) return;
      const focused = document.activeElement === el;
      let start = el.selectionStart ?? 0;
      let end = el.selectionEnd ?? 0;
      let index = 0;
      for (const op of event.delta) {
        if (op.retain) index += op.retain;
        else if (op.insert !== undefined) {
          const n = typeof op.insert === "string" ? op.insert.length : 1;
          if (index < start) start += n;
          if (index < end) end += n;
          index += n;
        } else if (op.delete) {
          if (index < start) start -= Math.min(op.delete, start - index);
          if (index < end) end -= Math.min(op.delete, end - index);
        }
      }
      el.value = text.toString();
      if (focused) el.setSelectionRange(start, end);
    };
    text.observe(onRemote);
    return () => {
      text.unobserve(onRemote);
      el.removeEventListener("compositionstart", onStart);
      el.removeEventListener("compositionend", onEnd);
    };
  }, [text, session.provider.document, disabled]);

  const onInput = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement; nativeEvent: Event }) => {
    if (!(text instanceof Y.Text) || (e.nativeEvent as InputEvent).isComposing) return;
    const next = e.currentTarget.value;
    session.provider.document.transact(() => replaceText(text, next), LOCAL);
    session.clearRefusal(field.key);
  };
  const common = {
    id,
    ref,
    disabled,
    onFocus,
    onBlur,
    onInput,
    "aria-describedby": describedBy,
    "aria-invalid": describedBy ? true : undefined,
    className: control,
    autoComplete: "off",
  };
  return multiline ? <textarea {...common} rows={4} /> : <input {...common} type="text" />;
}

const inputType: Record<string, string> = { email: "email", phone: "tel", url: "url", date: "date", datetime: "datetime-local", number: "text", currency: "text" };

/** A moment as a datetime-local input shows it: the person's own time zone, to the minute. */
function localInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A value typed in full and saved when the field is left or Enter is pressed. */
function ScalarText({ id, field, value, disabled, describedBy, write, onFocus, onBlur }: InputProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const moment = field.input === "datetime";
  const shown = draft ?? (value === null ? "" : moment ? localInput(String(value)) : String(value));
  const numeric = field.input === "number" || field.input === "currency";
  const commit = () => {
    if (draft === null) return;
    const raw = draft.trim();
    let next: unknown = raw === "" ? null : raw;
    if (numeric && raw !== "") {
      const n = Number(raw.replace(/[, ]/g, ""));
      if (Number.isNaN(n)) {
        setProblem("Enter a number.");
        return;
      }
      next = n;
    }
    if (field.input === "currency_code" && typeof next === "string") next = next.toUpperCase();
    if (moment && raw !== "") {
      const at = new Date(raw);
      if (Number.isNaN(at.getTime())) {
        setProblem("Enter a date and time.");
        return;
      }
      next = at.toISOString();
    }
    setProblem(null);
    setDraft(null);
    if (!sameValue(next, value)) write(next);
  };
  return (
    <>
      <input
        id={id}
        type={inputType[field.input] ?? "text"}
        inputMode={numeric ? "decimal" : undefined}
        className={control}
        disabled={disabled}
        value={shown}
        aria-describedby={problem ? `${id}-problem` : describedBy}
        aria-invalid={problem || describedBy ? true : undefined}
        onFocus={onFocus}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          commit();
          onBlur();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            commit();
          }
          if (e.key === "Escape") {
            setDraft(null);
            setProblem(null);
          }
        }}
      />
      {problem ? (
        <p id={`${id}-problem`} role="alert" className="mt-1 text-sm text-red-600 dark:text-red-400">
          {problem}
        </p>
      ) : null}
    </>
  );
}

function ChoiceSelect({ id, value, disabled, describedBy, write, onFocus, onBlur, options, empty = "—" }: InputProps & { options: { value: string; label: string }[]; empty?: string }) {
  const current = typeof value === "string" ? value : "";
  const list = current && !options.some((o) => o.value === current) ? [{ value: current, label: "Current" }, ...options] : options;
  return (
    <select
      id={id}
      className={control}
      disabled={disabled}
      value={current}
      aria-describedby={describedBy}
      onFocus={onFocus}
      onBlur={onBlur}
      onChange={(e) => write(e.target.value === "" ? null : e.target.value)}
    >
      <option value="">{empty}</option>
      {list.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

function StageSelect(props: InputProps) {
  const trpc = useTRPC();
  const pipelines = useQuery(trpc.deals.pipelines.queryOptions()).data ?? [];
  const several = pipelines.length > 1;
  const options = pipelines.flatMap((p) => p.stages.map((s) => ({ value: s.id, label: several ? `${p.name} · ${s.name}` : s.name })));
  return <ChoiceSelect {...props} options={options} />;
}

function RelationSelect(props: InputProps) {
  const trpc = useTRPC();
  const object = props.field.relatesTo;
  const companies = useQuery({ ...trpc.companies.list.queryOptions({ limit: 200 }), enabled: object === "company" });
  const contacts = useQuery({ ...trpc.contacts.list.queryOptions({ limit: 200 }), enabled: object === "contact" });
  const deals = useQuery({ ...trpc.deals.list.queryOptions({ limit: 200 }), enabled: object === "deal" });
  const leads = useQuery({ ...trpc.leads.list.queryOptions({ limit: 200 }), enabled: object === "lead" });
  const options =
    object === "company"
      ? (companies.data ?? []).map((c) => ({ value: c.id, label: c.name }))
      : object === "contact"
        ? (contacts.data ?? []).map((c) => ({ value: c.id, label: [c.firstName, c.lastName].filter(Boolean).join(" ") }))
        : object === "lead"
          ? (leads.data ?? []).map((l) => ({ value: l.id, label: [l.firstName, l.lastName].filter(Boolean).join(" ") }))
          : (deals.data ?? []).map((d) => ({ value: d.id, label: d.title }));
  return <ChoiceSelect {...props} options={options} empty="None" />;
}

function MemberSelect(props: InputProps) {
  const trpc = useTRPC();
  const members = useQuery(trpc.workspace.members.queryOptions()).data ?? [];
  return <ChoiceSelect {...props} options={members.map((m) => ({ value: m.userId, label: m.name }))} empty="Nobody" />;
}

function CheckboxInput({ id, field, value, disabled, write, onFocus, onBlur }: InputProps) {
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" checked={value === true} disabled={disabled} onFocus={onFocus} onBlur={onBlur} onChange={(e) => write(e.target.checked)} />
      <label htmlFor={id} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {field.label}
      </label>
    </div>
  );
}

/** Tags merge as a set: adding one never removes another person's, at the same moment or not. */
function TagsInput({ id, field, value, disabled, write, onFocus, onBlur, object }: InputProps) {
  const trpc = useTRPC();
  const suggestions = useQuery({ ...trpc.tags.list.queryOptions({ object: object as RecordObject }, { staleTime: 60_000 }), enabled: object !== "task" }).data ?? [];
  const [draft, setDraft] = useState("");
  const tags = Array.isArray(value) ? (value as string[]) : [];
  const add = () => {
    const fresh = draft
      .split(",")
      .map((t) => t.trim().toLowerCase())
      .filter((t) => t && !tags.includes(t));
    setDraft("");
    if (fresh.length) write([...tags, ...fresh]);
  };
  return (
    <div className="space-y-2">
      {tags.length ? (
        <ul className="flex flex-wrap gap-1.5" aria-label={`${field.label} of this record`}>
          {tags.map((t) => (
            <li key={t} className="inline-flex items-center gap-1 rounded bg-zinc-100 px-2 py-0.5 text-sm dark:bg-zinc-800">
              {t}
              {disabled ? null : (
                <button type="button" aria-label={`Remove tag ${t}`} onClick={() => write(tags.filter((x) => x !== t))}>
                  <X className="size-3" aria-hidden />
                </button>
              )}
            </li>
          ))}
        </ul>
      ) : null}
      <input
        id={id}
        list={`${id}-suggestions`}
        className={control}
        disabled={disabled}
        placeholder="Add a tag and press Enter"
        value={draft}
        autoComplete="off"
        onFocus={onFocus}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          add();
          onBlur();
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" || e.key === ",") {
            e.preventDefault();
            add();
          }
        }}
      />
      <datalist id={`${id}-suggestions`}>
        {suggestions.map((t) => (
          <option key={t.tag} value={t.tag} />
        ))}
      </datalist>
    </div>
  );
}

function MultiSelectInput({ id, field, value, disabled, write, onFocus, onBlur }: InputProps) {
  const chosen = new Set(Array.isArray(value) ? (value as string[]) : []);
  return (
    <div id={id} role="group" aria-label={field.label} className="flex flex-wrap gap-x-4 gap-y-1" onFocus={onFocus} onBlur={onBlur}>
      {(field.choices ?? []).map((c) => (
        <label key={c.id} className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            disabled={disabled}
            checked={chosen.has(c.id)}
            onChange={(e) => {
              const next = new Set(chosen);
              if (e.target.checked) next.add(c.id);
              else next.delete(c.id);
              write([...next]);
            }}
          />
          {c.label}
        </label>
      ))}
    </div>
  );
}

type Labelled = { value: string; label: string };
const capital = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const listLabels = ["work", "personal", "mobile", "other"];

/** Several addresses or numbers, each labelled; the whole list is saved when the field is left. */
function LabelledListEditor({ id, field, value, disabled, write, onFocus, onBlur }: InputProps) {
  const stored = useMemo(() => (Array.isArray(value) ? (value as Labelled[]) : []), [value]);
  const [draft, setDraft] = useState<Labelled[] | null>(null);
  const rows = draft ?? (stored.length ? stored : [{ value: "", label: "work" }]);
  const noun = field.key === "emails" ? "email" : "phone number";
  const commit = (next: Labelled[]) => {
    setDraft(null);
    const clean = next.map((r) => ({ value: r.value.trim(), label: r.label })).filter((r) => r.value);
    if (!sameValue(clean, stored)) write(clean);
  };
  const edit = (i: number, patch: Partial<Labelled>) => setDraft(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <div
      className="space-y-2"
      onFocus={onFocus}
      onBlur={(e) => {
        if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
        if (draft) commit(draft);
        onBlur();
      }}
    >
      {rows.map((row, i) => (
        <div key={i} className="flex gap-2">
          <input
            id={i === 0 ? id : undefined}
            aria-label={`${capital(noun)}${i ? ` ${i + 1}` : ""}`}
            type={field.key === "emails" ? "email" : "tel"}
            className={control}
            disabled={disabled}
            value={row.value}
            onChange={(e) => edit(i, { value: e.target.value })}
            onKeyDown={(e) => e.key === "Enter" && (e.preventDefault(), commit(rows))}
          />
          <select
            aria-label={`Kind of ${noun} ${i + 1}`}
            className={compactControl}
            disabled={disabled}
            value={row.label}
            onChange={(e) => {
              const next = rows.map((r, j) => (j === i ? { ...r, label: e.target.value } : r));
              commit(next);
            }}
          >
            {listLabels.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          {disabled ? null : (
            <button type="button" aria-label={`Remove ${noun} ${i + 1}`} onClick={() => commit(rows.filter((_, j) => j !== i))}>
              <X className="size-4" aria-hidden />
            </button>
          )}
        </div>
      ))}
      {disabled ? null : (
        <button type="button" className="text-sm font-medium text-brand-700 hover:underline dark:text-brand-100" onClick={() => setDraft([...rows, { value: "", label: "work" }])}>
          Add another {noun}
        </button>
      )}
    </div>
  );
}
