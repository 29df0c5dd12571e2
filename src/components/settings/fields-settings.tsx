"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Badge, Card, Empty } from "@/components/ui/card";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { useCan } from "@/components/shell/workspace-context";
import { customFieldInput, customFieldTypeLabels, customFieldTypes, type CustomFieldType } from "@/shared/custom-fields";
import { recordObjects, type RecordObject } from "@/shared/permissions";
import { recordLabels } from "@/shared/record-labels";
import { errorMessage, useTRPC } from "@/trpc/react";
import { ListHeader } from "../records/record-list";
import { useFormSubmit } from "../records/use-form-submit";

const objectLabels = Object.fromEntries(recordObjects.map((o) => [o, recordLabels[o].plural])) as Record<RecordObject, string>;

/** "Website\nReferral" → choices with stable ids made from the labels. */
function choicesFrom(text: string) {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((label, i) => ({ id: `${label.toLowerCase().replace(/[^a-z0-9]+/g, "-").slice(0, 30) || "choice"}-${i}`, label }));
}

function NewFieldForm({ onDone }: { onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [type, setType] = useState<CustomFieldType>("text");
  const create = useMutation(trpc.customFields.create.mutationOptions());
  const form = useFormSubmit(
    customFieldInput,
    (data) => ({
      object: data.get("object"),
      label: data.get("label"),
      type: data.get("type"),
      required: data.get("required") === "on",
      sensitive: data.get("sensitive") === "on",
      options: {
        choices: type === "select" || type === "multi_select" ? choicesFrom(String(data.get("choices") ?? "")) : undefined,
        currency: type === "currency" ? String(data.get("currency") ?? "").toUpperCase() || undefined : undefined,
        relatesTo: type === "relation" ? data.get("relatesTo") : undefined,
      },
    }),
    async (values: z.infer<typeof customFieldInput>) => {
      await create.mutateAsync(values);
      await queryClient.invalidateQueries({ queryKey: trpc.customFields.list.queryKey() });
      toast.success("Field added");
      onDone();
    },
  );
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <SelectField label="Record type" name="object" options={recordObjects.map((o) => ({ value: o, label: objectLabels[o] }))} />
      <TextField label="Field name" name="label" error={form.errors.label} required />
      <SelectField
        label="Type"
        name="type"
        value={type}
        onChange={(e) => setType(e.target.value as CustomFieldType)}
        options={customFieldTypes.map((t) => ({ value: t, label: customFieldTypeLabels[t] }))}
      />
      {type === "select" || type === "multi_select" ? (
        <TextAreaField label="Choices, one per line" name="choices" rows={4} error={form.errors.options} />
      ) : null}
      {type === "currency" ? <TextField label="Currency" name="currency" defaultValue="USD" maxLength={3} /> : null}
      {type === "relation" ? (
        <SelectField label="Points to" name="relatesTo" options={recordObjects.map((o) => ({ value: o, label: objectLabels[o] }))} />
      ) : null}
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="required" /> Required
      </label>
      {type === "text" || type === "long_text" ? (
        <label className="flex items-start gap-2 text-sm">
          <input type="checkbox" name="sensitive" className="mt-1" />
          <span>
            Sensitive — for identity numbers or personal notes: encrypted, hidden until someone reveals it, every reveal in the audit log. Not in
            lists, search, exports or the API.
          </span>
        </label>
      ) : null}
      {form.errors.sensitive ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {form.errors.sensitive}
        </p>
      ) : null}
      <Button type="submit" disabled={form.pending}>
        {form.pending ? "Adding…" : "Add field"}
      </Button>
    </form>
  );
}

export function FieldsSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const allowed = useCan("workspace.update");
  const [open, setOpen] = useState(false);
  const fields = useQuery(trpc.customFields.list.queryOptions({ includeSensitive: true }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customFields.list.queryKey() });
  const rename = useMutation(trpc.customFields.update.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(errorMessage(e)) }));
  const remove = useMutation(trpc.customFields.delete.mutationOptions({ onSuccess: refresh, onError: (e) => toast.error(errorMessage(e)) }));

  if (!allowed) return <Empty>Only workspace owners and admins change custom fields.</Empty>;
  return (
    <>
      <ListHeader title="Custom fields" create={{ label: "New field", open, onOpenChange: setOpen, form: <NewFieldForm onDone={() => setOpen(false)} /> }} />
      <p className="mb-4 max-w-2xl text-sm text-muted">
        Fields you add appear on every record of that type, in forms and through the API. Renaming a field or its choices keeps
        every value; deleting a field hides its values.
      </p>
      {recordObjects.map((object) => {
        const mine = (fields.data ?? []).filter((f) => f.object === object);
        return (
          <section key={object} className="mb-6" aria-label={`${objectLabels[object]} fields`}>
            <h2 className="mb-2 font-semibold">{objectLabels[object]}</h2>
            {mine.length === 0 ? (
              <p className="text-sm text-muted">No custom fields yet.</p>
            ) : (
              <Card>
                <ul className="divide-y divide-zinc-100 dark:divide-zinc-800">
                  {mine.map((f) => (
                    <li key={f.id} className="flex flex-wrap items-center gap-3 px-4 py-3">
                      <div className="min-w-0 flex-1">
                        <span className="font-medium">{f.label}</span>{" "}
                        <Badge>{customFieldTypeLabels[f.type]}</Badge> {f.required ? <Badge>Required</Badge> : null} {f.sensitive ? <Badge>Sensitive</Badge> : null}
                        {f.options.choices?.length ? <div className="text-xs text-muted">{f.options.choices.map((c) => c.label).join(", ")}</div> : null}
                      </div>
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => {
                          const label = window.prompt("New name for this field", f.label)?.trim();
                          if (label && label !== f.label) rename.mutate({ id: f.id, label });
                        }}
                      >
                        Rename
                      </Button>
                      <Button
                        variant="ghost"
                        size="sm"
                        className="text-red-700 dark:text-red-400"
                        onClick={() => {
                          if (window.confirm(`Delete the field “${f.label}”? Its values stop showing on every record.`)) remove.mutate({ id: f.id });
                        }}
                      >
                        Delete
                      </Button>
                    </li>
                  ))}
                </ul>
              </Card>
            )}
          </section>
        );
      })}
    </>
  );
}
