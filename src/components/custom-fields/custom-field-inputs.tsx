"use client";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { CustomValues } from "@/shared/custom-fields";
import type { RecordObject } from "@/shared/permissions";
import { useTRPC, type RouterOutputs } from "@/trpc/react";

export type FieldDef = RouterOutputs["customFields"]["list"][number];

/** The custom fields defined for a record type, for forms and record pages. */
export function useCustomFields(object: RecordObject) {
  const trpc = useTRPC();
  return useQuery(trpc.customFields.list.queryOptions({ object })).data ?? [];
}

const name = (f: FieldDef) => `custom.${f.id}`;

/** Reads the custom inputs of a submitted form into values the server validates. */
export function readCustomValues(form: FormData, fields: FieldDef[]): CustomValues {
  const out: CustomValues = {};
  for (const f of fields) {
    if (f.type === "multi_select") {
      out[f.id] = form.getAll(name(f)).map(String);
      continue;
    }
    if (f.type === "checkbox") {
      out[f.id] = form.get(name(f)) === "on";
      continue;
    }
    const raw = (form.get(name(f)) as string | null)?.trim() ?? "";
    if (raw === "") out[f.id] = null;
    else if (f.type === "number" || f.type === "currency") {
      const n = Number(raw.replace(/[, ]/g, ""));
      out[f.id] = Number.isNaN(n) ? raw : n;
    } else out[f.id] = raw;
  }
  return out;
}

function Related({ field, value }: { field: FieldDef; value: unknown }) {
  const trpc = useTRPC();
  const object = field.options.relatesTo;
  const companies = useQuery({ ...trpc.companies.list.queryOptions({ limit: 200 }), enabled: object === "company" });
  const contacts = useQuery({ ...trpc.contacts.list.queryOptions({ limit: 200 }), enabled: object === "contact" });
  const deals = useQuery({ ...trpc.deals.list.queryOptions({ limit: 200 }), enabled: object === "deal" });
  const options =
    object === "company"
      ? (companies.data ?? []).map((c) => ({ value: c.id, label: c.name }))
      : object === "contact"
        ? (contacts.data ?? []).map((c) => ({ value: c.id, label: [c.firstName, c.lastName].filter(Boolean).join(" ") }))
        : (deals.data ?? []).map((d) => ({ value: d.id, label: d.title }));
  if (typeof value === "string" && !options.some((o) => o.value === value)) options.unshift({ value, label: "Current record" });
  return (
    <SelectField
      key={options.length}
      label={field.label}
      name={name(field)}
      defaultValue={typeof value === "string" ? value : ""}
      options={[{ value: "", label: "None" }, ...options]}
    />
  );
}

function Members({ field, value }: { field: FieldDef; value: unknown }) {
  const trpc = useTRPC();
  const members = useQuery(trpc.workspace.members.queryOptions()).data ?? [];
  return (
    <SelectField
      key={members.length}
      label={field.label}
      name={name(field)}
      defaultValue={typeof value === "string" ? value : ""}
      options={[{ value: "", label: "Nobody" }, ...members.map((m) => ({ value: m.userId, label: m.name }))]}
    />
  );
}

function MultiSelect({ field, value }: { field: FieldDef; value: unknown }) {
  const chosen = new Set(Array.isArray(value) ? value : []);
  return (
    <fieldset>
      <legend className="mb-1 text-sm font-medium text-zinc-700 dark:text-zinc-300">{field.label}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {(field.options.choices ?? []).map((c) => (
          <label key={c.id} className="flex items-center gap-2 text-sm">
            <input type="checkbox" name={name(field)} value={c.id} defaultChecked={chosen.has(c.id)} /> {c.label}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function Checkbox({ field, value }: { field: FieldDef; value: unknown }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <input id={id} type="checkbox" name={name(field)} defaultChecked={value === true} />
      <label htmlFor={id} className="text-sm font-medium text-zinc-700 dark:text-zinc-300">
        {field.label}
      </label>
    </div>
  );
}

function LongText({ field, value }: { field: FieldDef; value: unknown }) {
  return <TextAreaField label={field.label} name={name(field)} defaultValue={typeof value === "string" ? value : ""} />;
}

const inputTypes: Partial<Record<FieldDef["type"], string>> = { url: "url", email: "email", phone: "tel", date: "date" };

/** One input per custom field, of the kind the field's type calls for. */
export function CustomFieldInputs({ fields, values }: { fields: FieldDef[]; values?: CustomValues }) {
  if (fields.length === 0) return null;
  return (
    <div className="space-y-4 border-t border-zinc-200 pt-4 dark:border-zinc-800">
      {fields.map((f) => {
        const value = values?.[f.id];
        const label = f.required ? `${f.label} (required)` : f.label;
        switch (f.type) {
          case "long_text":
            return <LongText key={f.id} field={{ ...f, label }} value={value} />;
          case "select":
            return (
              <SelectField
                key={f.id}
                label={label}
                name={name(f)}
                defaultValue={typeof value === "string" ? value : ""}
                options={[{ value: "", label: "—" }, ...(f.options.choices ?? []).map((c) => ({ value: c.id, label: c.label }))]}
              />
            );
          case "multi_select":
            return <MultiSelect key={f.id} field={{ ...f, label }} value={value} />;
          case "checkbox":
            return <Checkbox key={f.id} field={f} value={value} />;
          case "user":
            return <Members key={f.id} field={{ ...f, label }} value={value} />;
          case "relation":
            return <Related key={f.id} field={{ ...f, label }} value={value} />;
          default:
            return (
              <TextField
                key={f.id}
                label={f.type === "currency" && f.options.currency ? `${label} (${f.options.currency})` : label}
                name={name(f)}
                type={inputTypes[f.type] ?? "text"}
                inputMode={f.type === "number" || f.type === "currency" ? "decimal" : undefined}
                defaultValue={value === undefined || value === null ? "" : String(value)}
              />
            );
        }
      })}
    </div>
  );
}
