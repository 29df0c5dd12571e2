"use client";
import Link from "next/link";
import { useRef, useState, type ReactNode } from "react";
import { recordLabels } from "@/shared/record-labels";
import type { FieldDef } from "@/shared/views";
import { money } from "../records/format";

export type Values = Record<string, unknown>;
type Ref = { id: string; label: string | null };

const isRef = (v: unknown): v is Ref => typeof v === "object" && v !== null && "id" in v && !Array.isArray(v);
const dateFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });
const dateTimeFmt = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short" });

/** A value as plain text: for titles, cards and screen readers. */
export function cellText(field: FieldDef, value: unknown, row?: Values): string {
  if (value === null || value === undefined || value === "") return "";
  const choice = (id: unknown) => field.choices?.find((c) => c.id === id)?.label ?? String(id);
  switch (field.kind) {
    case "select":
      return choice(value);
    case "multi_select":
    case "tags":
      return Array.isArray(value) ? value.map((v) => (field.kind === "tags" ? String(v) : choice(v))).join(", ") : "";
    case "checkbox":
      return value ? "Yes" : "No";
    case "currency":
      return field.key === "amount" && row ? money(Number(value), String(row.currency ?? "USD")) : Number(value).toLocaleString("en-US");
    case "number":
      return Number(value).toLocaleString("en-US");
    case "date":
      return dateFmt.format(new Date(`${String(value)}T00:00:00Z`));
    case "datetime":
      return dateTimeFmt.format(new Date(String(value)));
    case "user":
    case "relation":
      return isRef(value) ? (value.label ?? "") : "";
    default:
      return String(value);
  }
}

/** A value as a table cell shows it: links for records, addresses and web pages, chips for tags. */
export function CellDisplay({ field, value, row }: { field: FieldDef; value: unknown; row: Values }): ReactNode {
  const text = cellText(field, value, row);
  if (!text) return <span className="text-muted">—</span>;
  if (field.kind === "relation" && isRef(value) && field.relatesTo) {
    return (
      <Link prefetch={false} href={`${recordLabels[field.relatesTo].path}/${value.id}`} className="hover:underline">
        {text}
      </Link>
    );
  }
  if (field.kind === "email") return <a href={`mailto:${text}`} className="hover:underline">{text}</a>;
  if (field.kind === "url") {
    return (
      <a href={text} target="_blank" rel="noreferrer noopener" className="hover:underline">
        {text}
      </a>
    );
  }
  if ((field.kind === "tags" || field.kind === "multi_select") && Array.isArray(value)) {
    return (
      <span className="flex gap-1 overflow-hidden">
        {value.map((v) => (
          <span key={String(v)} className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs whitespace-nowrap dark:bg-zinc-800">
            {field.kind === "tags" ? String(v) : (field.choices?.find((c) => c.id === v)?.label ?? String(v))}
          </span>
        ))}
      </span>
    );
  }
  return text;
}

const input =
  "h-8 w-full rounded border border-brand-500 bg-white px-2 text-sm focus:ring-1 focus:ring-brand-500 focus:outline-none dark:bg-zinc-900";

/** What an edited value becomes: empty text clears the field. */
function parse(field: FieldDef, raw: string): unknown {
  if (raw.trim() === "") return null;
  if (field.kind === "number" || field.kind === "currency") return Number(raw);
  return raw.trim();
}

/**
 * A cell that edits in place: click (or Enter) to edit, Enter or leaving the cell saves, Escape
 * cancels. Checkboxes toggle at once.
 */
export function EditableCell({
  field,
  value,
  row,
  recordName,
  onSave,
}: {
  field: FieldDef;
  value: unknown;
  row: Values;
  recordName: string;
  onSave: (value: unknown) => Promise<void>;
}) {
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  // Enter saves and closes the editor; the blur that may follow must not save again.
  const closed = useRef(false);
  const open = () => {
    closed.current = false;
    setEditing(true);
  };
  const save = async (next: unknown) => {
    if (closed.current) return;
    closed.current = true;
    setEditing(false);
    if (next === (value ?? null)) return;
    setSaving(true);
    try {
      await onSave(next);
    } finally {
      setSaving(false);
    }
  };
  const label = `${field.label} of ${recordName}`;

  if (field.kind === "checkbox") {
    return <input type="checkbox" aria-label={label} checked={!!value} disabled={saving} onChange={(e) => {
          closed.current = false;
          void save(e.target.checked);
        }} />;
  }
  if (!editing) {
    return (
      <button
        type="button"
        aria-label={`Edit ${label}`}
        className="block h-full w-full truncate rounded text-left hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-brand-500 dark:hover:bg-zinc-800"
        onClick={open}
        disabled={saving}
      >
        {saving ? <span className="text-muted">Saving…</span> : <CellDisplay field={field} value={value} row={row} />}
      </button>
    );
  }
  if (field.kind === "select") {
    return (
      <select
        aria-label={label}
        autoFocus
        className={input}
        defaultValue={typeof value === "string" ? value : ""}
        onChange={(e) => void save(e.target.value === "" ? null : e.target.value)}
        onBlur={() => {
          closed.current = true;
          setEditing(false);
        }}
        onKeyDown={(e) => e.key === "Escape" && setEditing(false)}
      >
        <option value="">—</option>
        {field.choices?.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label}
          </option>
        ))}
      </select>
    );
  }
  const type = field.kind === "number" || field.kind === "currency" ? "number" : field.kind === "date" ? "date" : field.kind === "email" ? "email" : "text";
  return (
    <input
      aria-label={label}
      autoFocus
      type={type}
      step="any"
      className={input}
      defaultValue={value === null || value === undefined ? "" : String(value)}
      onKeyDown={(e) => {
        if (e.key === "Enter") void save(parse(field, e.currentTarget.value));
        if (e.key === "Escape") setEditing(false);
      }}
      onBlur={(e) => void save(parse(field, e.currentTarget.value))}
    />
  );
}
