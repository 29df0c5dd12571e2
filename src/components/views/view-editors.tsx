"use client";
import { ArrowDown, ArrowUp, Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { FieldDef, ViewConfig, ViewSort } from "@/shared/views";
import { compactControl } from "@/components/ui/styles";
import { moveItem } from "@/shared/arrays";


/** Sorts, applied in order: the second decides among records equal on the first. */
export function SortEditor({ fields, value, onApply }: { fields: FieldDef[]; value: ViewSort[]; onApply: (sorts: ViewSort[]) => void }) {
  const sortable = fields.filter((f) => f.sortable);
  const [draft, setDraft] = useState(value);
  const unused = sortable.find((f) => !draft.some((s) => s.field === f.key));
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      {draft.length === 0 ? <p className="text-sm text-muted">No sort: the list&apos;s usual order.</p> : null}
      <ol className="space-y-2">
        {draft.map((s, i) => (
          <li key={i} role="group" aria-label={`Sort ${i + 1}`} className="flex flex-wrap items-center gap-2">
            <span className="w-12 text-sm text-muted">{i === 0 ? "Sort by" : "then by"}</span>
            <select
              aria-label={`Sort ${i + 1}: field`}
              className={compactControl}
              value={s.field}
              onChange={(e) => setDraft(draft.map((x, j) => (j === i ? { ...x, field: e.target.value } : x)))}
            >
              {sortable
                .filter((f) => f.key === s.field || !draft.some((x) => x.field === f.key))
                .map((f) => (
                  <option key={f.key} value={f.key}>
                    {f.label}
                  </option>
                ))}
            </select>
            <select
              aria-label={`Sort ${i + 1}: direction`}
              className={compactControl}
              value={s.direction}
              onChange={(e) => setDraft(draft.map((x, j) => (j === i ? { ...x, direction: e.target.value as "asc" | "desc" } : x)))}
            >
              <option value="asc">Ascending (A→Z, 1→9)</option>
              <option value="desc">Descending (Z→A, 9→1)</option>
            </select>
            <Button size="sm" variant="ghost" aria-label={`Remove sort ${i + 1}`} onClick={() => setDraft(draft.filter((_, j) => j !== i))}>
              <Trash2 className="size-4" aria-hidden />
            </Button>
          </li>
        ))}
      </ol>
      <Button
        size="sm"
        variant="secondary"
        disabled={!unused || draft.length >= 5}
        onClick={() => unused && setDraft([...draft, { field: unused.key, direction: "asc" }])}
      >
        <Plus className="size-4" aria-hidden /> Add sort
      </Button>
      <div className="flex justify-end gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <Button type="submit">Apply sort</Button>
      </div>
    </form>
  );
}

/** Which columns show, and in which order (widths are set by dragging a column's edge). */
export function ColumnsEditor({
  fields,
  primary,
  value,
  onChange,
}: {
  fields: FieldDef[];
  primary: string;
  value: ViewConfig["columns"];
  onChange: (columns: ViewConfig["columns"]) => void;
}) {
  const shown = value.filter((c) => c.field !== primary);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const hidden = fields.filter((f) => f.key !== primary && !shown.some((c) => c.field === f.key));
  const primaryColumn = value.find((c) => c.field === primary) ?? { field: primary };
  const set = (next: ViewConfig["columns"]) => onChange([primaryColumn, ...next]);
  const move = (i: number, by: number) => set(moveItem(shown, i, by));
  return (
    <div className="space-y-4">
      <p className="text-sm text-muted">“{byKey.get(primary)?.label}” always shows first.</p>
      <section aria-label="Shown columns">
        <h3 className="mb-2 text-sm font-medium">Shown</h3>
        <ol className="space-y-1">
          {shown.map((c, i) => (
            <li key={c.field} className="flex items-center gap-2 text-sm">
              <label className="flex flex-1 items-center gap-2">
                <input type="checkbox" checked onChange={() => set(shown.filter((x) => x.field !== c.field))} />
                {byKey.get(c.field)?.label}
              </label>
              <Button size="sm" variant="ghost" aria-label={`Move ${byKey.get(c.field)?.label} up`} disabled={i === 0} onClick={() => move(i, -1)}>
                <ArrowUp className="size-4" aria-hidden />
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={`Move ${byKey.get(c.field)?.label} down`}
                disabled={i === shown.length - 1}
                onClick={() => move(i, 1)}
              >
                <ArrowDown className="size-4" aria-hidden />
              </Button>
            </li>
          ))}
        </ol>
      </section>
      {hidden.length ? (
        <section aria-label="Hidden columns">
          <h3 className="mb-2 text-sm font-medium">Hidden</h3>
          <ul className="space-y-1">
            {hidden.map((f) => (
              <li key={f.key} className="text-sm">
                <label className="flex items-center gap-2">
                  <input type="checkbox" checked={false} onChange={() => set([...shown, { field: f.key }])} />
                  {f.label}
                </label>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

/** Name a new view, and say whether the workspace sees it. */
export function SaveViewForm({
  canShare,
  onSave,
  pending,
}: {
  canShare: boolean;
  onSave: (v: { name: string; shared: boolean }) => void;
  pending: boolean;
}) {
  const [name, setName] = useState("");
  const [shared, setShared] = useState(false);
  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        onSave({ name, shared });
      }}
    >
      <label className="block space-y-1 text-sm font-medium">
        <span>View name</span>
        <input
          className={`${compactControl} w-full`}
          value={name}
          maxLength={80}
          required
          onChange={(e) => setName(e.target.value)}
          placeholder="My open deals"
        />
      </label>
      {canShare ? (
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
          Share with the workspace
        </label>
      ) : null}
      <div className="flex justify-end">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save view"}
        </Button>
      </div>
    </form>
  );
}
