"use client";
import type { z } from "zod";
import { readTags, TagsField } from "../records/tags-field";
import { Button } from "@/components/ui/button";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import type { CustomValues } from "@/shared/custom-fields";
import { createLeadInput, leadSources } from "@/shared/schemas";
import { CustomFieldInputs, readCustomValues, useCustomFields } from "../custom-fields/custom-field-inputs";
import { formValues, useFormSubmit } from "../records/use-form-submit";

export interface LeadFormValues {
  tags?: string[];
  firstName?: string;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  companyName?: string | null;
  title?: string | null;
  source?: (typeof leadSources)[number] | null;
  qualification?: string | null;
  custom?: CustomValues;
}

export function LeadForm({
  initial,
  submitLabel,
  onSubmit,
  disabled,
}: {
  initial?: LeadFormValues;
  submitLabel: string;
  onSubmit: (values: z.infer<typeof createLeadInput>) => Promise<unknown>;
  disabled?: boolean;
}) {
  const fields = useCustomFields("lead");
  const form = useFormSubmit(
    createLeadInput,
    (data) => {
      const v = formValues(data, ["firstName", "lastName", "email", "phone", "companyName", "title", "source", "qualification"]);
      return { ...v, source: v.source ?? null, custom: readCustomValues(data, fields),
        tags: readTags(data) };
    },
    onSubmit,
  );
  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <fieldset disabled={disabled} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2 sm:gap-3">
          <TextField label="First name" name="firstName" defaultValue={initial?.firstName} error={form.errors.firstName} required />
          <TextField label="Last name" name="lastName" defaultValue={initial?.lastName ?? ""} error={form.errors.lastName} />
        </div>
        <TextField label="Email" name="email" type="email" defaultValue={initial?.email ?? ""} error={form.errors.email} />
        <TextField label="Phone" name="phone" type="tel" defaultValue={initial?.phone ?? ""} error={form.errors.phone} />
        <TextField label="Company" name="companyName" defaultValue={initial?.companyName ?? ""} error={form.errors.companyName} />
        <TextField label="Job title" name="title" defaultValue={initial?.title ?? ""} />
        <SelectField
          label="Source"
          name="source"
          defaultValue={initial?.source ?? ""}
          options={[{ value: "", label: "—" }, ...leadSources.map((s) => ({ value: s, label: s[0]!.toUpperCase() + s.slice(1) }))]}
        />
        <TextAreaField label="Qualification" name="qualification" defaultValue={initial?.qualification ?? ""} placeholder="Budget, authority, need, timing" />
        <TagsField object="lead" defaultValue={initial?.tags} error={form.errors.tags} />
        <CustomFieldInputs fields={fields} values={initial?.custom} />
        {!disabled ? (
          <Button type="submit" disabled={form.pending}>
            {form.pending ? "Saving…" : submitLabel}
          </Button>
        ) : null}
      </fieldset>
    </form>
  );
}
