"use client";
import { Plus, X } from "lucide-react";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";

export type Labelled = { value: string; label: string };

const labels = ["work", "personal", "mobile", "other"];

/** Reads a list written by LabelledListInput: rows in order, empty ones left out. */
export function readLabelledList(form: FormData, name: string): Labelled[] {
  const values = form.getAll(`${name}.value`).map((v) => String(v).trim());
  const kinds = form.getAll(`${name}.label`).map(String);
  return values.map((value, i) => ({ value, label: kinds[i] ?? "work" })).filter((e) => e.value !== "");
}

/**
 * Several email addresses or phone numbers, each with a label; the first is the primary one.
 * Rows can be added and removed.
 */
export function LabelledListInput({
  name,
  noun,
  type,
  initial,
  error,
}: {
  name: string;
  noun: string;
  type: "email" | "tel";
  initial?: Labelled[];
  error?: string;
}) {
  const baseId = useId();
  const [rows, setRows] = useState(() => (initial?.length ? initial : [{ value: "", label: "work" }]).map((r, i) => ({ ...r, key: i })));
  const [next, setNext] = useState(rows.length);
  return (
    <fieldset className="space-y-2">
      <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{noun}s</legend>
      {rows.map((row, i) => (
        <div key={row.key} className="flex items-center gap-2">
          <label htmlFor={`${baseId}-${row.key}`} className="sr-only">
            {i === 0 ? noun : `${noun} ${i + 1}`}
          </label>
          <input
            id={`${baseId}-${row.key}`}
            name={`${name}.value`}
            type={type}
            defaultValue={row.value}
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            placeholder={i === 0 ? `Primary ${noun.toLowerCase()}` : undefined}
            className="block min-w-0 flex-1 rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-1 focus:ring-brand-500 focus:outline-none dark:border-zinc-700 dark:bg-zinc-900"
          />
          <select
            name={`${name}.label`}
            defaultValue={row.label}
            aria-label={`Kind of ${noun.toLowerCase()} ${i + 1}`}
            className="rounded-md border border-zinc-300 bg-white px-2 py-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          >
            {[...new Set([...labels, row.label])].map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          <button
            type="button"
            aria-label={`Remove ${noun.toLowerCase()} ${i + 1}`}
            onClick={() => setRows((r) => r.filter((x) => x.key !== row.key))}
            className="rounded p-1.5 text-muted hover:bg-zinc-100 dark:hover:bg-zinc-800"
          >
            <X className="size-4" />
          </button>
        </div>
      ))}
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : null}
      <Button
        variant="ghost"
        size="sm"
        onClick={() => {
          setRows((r) => [...r, { value: "", label: "work", key: next }]);
          setNext((n) => n + 1);
        }}
      >
        <Plus className="size-4" aria-hidden /> Add {noun.toLowerCase()}
      </Button>
    </fieldset>
  );
}
