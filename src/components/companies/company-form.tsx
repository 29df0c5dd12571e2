"use client";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { createCompanyInput } from "@/shared/schemas";
import { CustomFieldInputs, readCustomValues, useCustomFields } from "../custom-fields/custom-field-inputs";
import type { CustomValues } from "@/shared/custom-fields";
import { formValues, useFormSubmit } from "../records/use-form-submit";
import type { z } from "zod";

export interface CompanyFormValues {
  name?: string;
  domain?: string | null;
  industry?: string | null;
  custom?: CustomValues;
}

/** Create and edit share one form: same fields, same validation as the server. */
export function CompanyForm({
  initial,
  submitLabel,
  onSubmit,
  disabled,
}: {
  initial?: CompanyFormValues;
  submitLabel: string;
  onSubmit: (values: z.infer<typeof createCompanyInput>) => Promise<unknown>;
  disabled?: boolean;
}) {
  const fields = useCustomFields("company");
  const form = useFormSubmit(
    createCompanyInput,
    (data) => ({ ...formValues(data, ["name", "domain", "industry"]), custom: readCustomValues(data, fields) }),
    onSubmit,
  );

  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <fieldset disabled={disabled} className="space-y-4">
        <TextField label="Name" name="name" defaultValue={initial?.name} error={form.errors.name} maxLength={200} required />
        <TextField
          label="Domain"
          name="domain"
          placeholder="example.com"
          inputMode="url"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          defaultValue={initial?.domain ?? ""}
          error={form.errors.domain}
          maxLength={253}
        />
        <TextField
          label="Industry"
          name="industry"
          defaultValue={initial?.industry ?? ""}
          error={form.errors.industry}
          maxLength={120}
        />
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
