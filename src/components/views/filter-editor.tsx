"use client";
import { Plus, Trash2 } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { compactControl } from "@/components/ui/styles";
import {
  isGroup,
  operandOf,
  operatorLabels,
  operatorsByKind,
  type FieldDef,
  type FilterCondition,
  type FilterGroup,
  type Operator,
  type ViewFilter,
} from "@/shared/views";


/** Operators offered in the editor: picking a record by id is for the API; people filter relations by name. */
const offered = (f: FieldDef): Operator[] => operatorsByKind[f.kind].filter((o) => !(f.kind === "relation" && (o === "is" || o === "is_not")));

export function newCondition(field: FieldDef): FilterCondition {
  const operator = offered(field)[0]!;
  return { field: field.key, operator, value: operandOf(field.kind, operator) === "list" ? [] : "" };
}

interface Member {
  userId: string;
  name: string;
}

/** The filter of a view: conditions and groups of conditions, each joined by "all" (AND) or "any" (OR). */
export function FilterEditor({
  fields,
  members,
  value,
  onApply,
}: {
  fields: FieldDef[];
  members: Member[];
  value: ViewFilter | null;
  onApply: (filter: ViewFilter | null) => void;
}) {
  const [draft, setDraft] = useState<ViewFilter>(value ?? { combinator: "and", conditions: [] });
  const first = fields[0]!;
  const setConditions = (conditions: ViewFilter["conditions"]) => setDraft({ ...draft, conditions });

  return (
    <form
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft.conditions.length ? draft : null);
      }}
    >
      <Combinator label="Records match" value={draft.combinator} onChange={(combinator) => setDraft({ ...draft, combinator })} />
      {draft.conditions.length === 0 ? <p className="text-sm text-muted">No conditions: every record shows.</p> : null}
      <ol className="space-y-3">
        {draft.conditions.map((c, i) => {
          const replace = (next: FilterCondition | FilterGroup | null) =>
            setConditions(next === null ? draft.conditions.filter((_, j) => j !== i) : draft.conditions.map((x, j) => (j === i ? next : x)));
          return (
            <li key={i}>
              {isGroup(c) ? (
                <fieldset className="space-y-2 rounded-md border border-zinc-200 p-3 dark:border-zinc-700">
                  <legend className="px-1 text-xs font-medium text-muted">Group {i + 1}</legend>
                  <Combinator label="Group matches" value={c.combinator} onChange={(combinator) => replace({ ...c, combinator })} />
                  <ol className="space-y-2">
                    {c.conditions.map((inner, k) => (
                      <li key={k}>
                        <ConditionRow
                          label={`Condition ${i + 1}.${k + 1}`}
                          fields={fields}
                          members={members}
                          value={inner}
                          onChange={(next) => {
                            const conditions = next === null ? c.conditions.filter((_, j) => j !== k) : c.conditions.map((x, j) => (j === k ? next : x));
                            replace(conditions.length ? { ...c, conditions } : null);
                          }}
                        />
                      </li>
                    ))}
                  </ol>
                  <Button size="sm" variant="ghost" onClick={() => replace({ ...c, conditions: [...c.conditions, newCondition(first)] })}>
                    <Plus className="size-4" aria-hidden /> Add condition to group {i + 1}
                  </Button>
                </fieldset>
              ) : (
                <ConditionRow label={`Condition ${i + 1}`} fields={fields} members={members} value={c} onChange={replace} />
              )}
            </li>
          );
        })}
      </ol>
      <div className="flex flex-wrap gap-2">
        <Button size="sm" variant="secondary" onClick={() => setConditions([...draft.conditions, newCondition(first)])} disabled={draft.conditions.length >= 20}>
          <Plus className="size-4" aria-hidden /> Add condition
        </Button>
        <Button
          size="sm"
          variant="secondary"
          onClick={() => setConditions([...draft.conditions, { combinator: draft.combinator === "and" ? "or" : "and", conditions: [newCondition(first)] }])}
          disabled={draft.conditions.length >= 20}
        >
          <Plus className="size-4" aria-hidden /> Add group
        </Button>
      </div>
      <div className="flex justify-end gap-2 border-t border-zinc-200 pt-4 dark:border-zinc-800">
        <Button variant="ghost" onClick={() => onApply(null)}>
          Clear filters
        </Button>
        <Button type="submit">Apply filters</Button>
      </div>
    </form>
  );
}

function Combinator({ label, value, onChange }: { label: string; value: "and" | "or"; onChange: (v: "and" | "or") => void }) {
  return (
    <label className="flex items-center gap-2 text-sm">
      {label}
      <select className={compactControl} value={value} onChange={(e) => onChange(e.target.value as "and" | "or")}>
        <option value="and">all of these (AND)</option>
        <option value="or">any of these (OR)</option>
      </select>
    </label>
  );
}

function ConditionRow({
  label,
  fields,
  members,
  value,
  onChange,
}: {
  label: string;
  fields: FieldDef[];
  members: Member[];
  value: FilterCondition;
  onChange: (next: FilterCondition | null) => void;
}) {
  const field = fields.find((f) => f.key === value.field) ?? fields[0]!;
  const operand = operandOf(field.kind, value.operator);
  return (
    <div role="group" aria-label={label} className="flex flex-wrap items-start gap-2">
      <select
        aria-label={`${label}: field`}
        className={compactControl}
        value={field.key}
        onChange={(e) => onChange(newCondition(fields.find((f) => f.key === e.target.value)!))}
      >
        {fields.map((f) => (
          <option key={f.key} value={f.key}>
            {f.label}
          </option>
        ))}
      </select>
      <select
        aria-label={`${label}: operator`}
        className={compactControl}
        value={value.operator}
        onChange={(e) => {
          const operator = e.target.value as Operator;
          const kind = operandOf(field.kind, operator);
          const keep = kind === operand ? value.value : kind === "list" ? [] : "";
          onChange({ ...value, operator, value: keep });
        }}
      >
        {offered(field).map((o) => (
          <option key={o} value={o}>
            {operatorLabels[o]}
          </option>
        ))}
      </select>
      <ValueInput label={label} field={field} members={members} operand={operand} value={value.value} onChange={(v) => onChange({ ...value, value: v })} />
      <Button size="sm" variant="ghost" aria-label={`Remove ${label.toLowerCase()}`} onClick={() => onChange(null)}>
        <Trash2 className="size-4" aria-hidden />
      </Button>
    </div>
  );
}

function ValueInput({
  label,
  field,
  members,
  operand,
  value,
  onChange,
}: {
  label: string;
  field: FieldDef;
  members: Member[];
  operand: ReturnType<typeof operandOf>;
  value: FilterCondition["value"];
  onChange: (v: FilterCondition["value"]) => void;
}) {
  if (operand === "none") return null;
  const aria = `${label}: value`;
  if (operand === "list") {
    const list = Array.isArray(value) ? value : [];
    if (field.kind === "tags") {
      return (
        <input
          aria-label={aria}
          className={compactControl}
          placeholder="vip, partner"
          defaultValue={list.join(", ")}
          onChange={(e) => onChange(e.target.value.split(",").map((t) => t.trim()).filter(Boolean))}
        />
      );
    }
    const options = field.kind === "user" ? [{ id: "me", label: "Me" }, ...members.map((m) => ({ id: m.userId, label: m.name }))] : (field.choices ?? []);
    return (
      <fieldset aria-label={aria} className="flex max-h-40 min-w-40 flex-col gap-1 overflow-y-auto rounded-md border border-zinc-300 p-2 text-sm dark:border-zinc-700">
        {options.map((o) => (
          <label key={o.id} className="flex items-center gap-2">
            <input
              type="checkbox"
              checked={list.includes(o.id)}
              onChange={(e) => onChange(e.target.checked ? [...list, o.id] : list.filter((x) => x !== o.id))}
            />
            {o.label}
          </label>
        ))}
      </fieldset>
    );
  }
  return (
    <input
      aria-label={aria}
      className={compactControl}
      type={operand === "number" ? "number" : operand === "date" ? "date" : "text"}
      step="any"
      value={typeof value === "string" || typeof value === "number" ? String(value) : ""}
      onChange={(e) => onChange(operand === "number" && e.target.value !== "" ? Number(e.target.value) : e.target.value)}
    />
  );
}
