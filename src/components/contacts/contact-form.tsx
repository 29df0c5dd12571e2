"use client";
import { useQuery } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { createContactInput } from "@/shared/schemas";
import { useTRPC } from "@/trpc/react";
import { CustomFieldInputs, readCustomValues, useCustomFields } from "../custom-fields/custom-field-inputs";
import type { CustomValues } from "@/shared/custom-fields";
import { formValues, useFormSubmit } from "../records/use-form-submit";
import type { z } from "zod";

export interface ContactFormValues {
  firstName?: string;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
  companyId?: string | null;
  /** Shown for the current company if it is not among the companies loaded for the picker. */
  companyName?: string | null;
  custom?: CustomValues;
}

/** Create and edit share one form: same fields, same validation as the server. */
export function ContactForm({
  initial,
  submitLabel,
  onSubmit,
  disabled,
}: {
  initial?: ContactFormValues;
  submitLabel: string;
  onSubmit: (values: z.infer<typeof createContactInput>) => Promise<unknown>;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const companies = useQuery(trpc.companies.list.queryOptions({ limit: 200 }));

  const companyOptions = (companies.data ?? []).map((c) => ({ value: c.id, label: c.name }));
  // Keep the current company selectable even when it is not in the first 200, so saving never unlinks it by accident.
  if (initial?.companyId && !companyOptions.some((o) => o.value === initial.companyId)) {
    companyOptions.unshift({ value: initial.companyId, label: initial.companyName ?? "Current company" });
  }

  const fields = useCustomFields("contact");
  const form = useFormSubmit(
    createContactInput,
    (data) => {
      const v = formValues(data, ["firstName", "lastName", "email", "phone", "title", "companyId"]);
      return { ...v, companyId: v.companyId ?? null, custom: readCustomValues(data, fields) };
    },
    onSubmit,
  );

  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <fieldset disabled={disabled} className="space-y-4">
        <div className="grid gap-4 sm:grid-cols-2 sm:gap-3">
          <TextField
            label="First name"
            name="firstName"
            autoComplete="off"
            defaultValue={initial?.firstName}
            error={form.errors.firstName}
            maxLength={120}
            required
          />
          <TextField
            label="Last name"
            name="lastName"
            autoComplete="off"
            defaultValue={initial?.lastName ?? ""}
            error={form.errors.lastName}
            maxLength={120}
          />
        </div>
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          defaultValue={initial?.email ?? ""}
          error={form.errors.email}
        />
        <TextField
          label="Phone"
          name="phone"
          type="tel"
          autoComplete="off"
          defaultValue={initial?.phone ?? ""}
          error={form.errors.phone}
          maxLength={40}
        />
        <TextField label="Job title" name="title" defaultValue={initial?.title ?? ""} error={form.errors.title} maxLength={120} />
        <SelectField
          label="Company"
          name="companyId"
          key={`company-${companyOptions.length}`}
          defaultValue={initial?.companyId ?? ""}
          error={form.errors.companyId}
          options={[{ value: "", label: "None" }, ...companyOptions]}
        />
        <CustomFieldInputs fields={fields} values={initial?.custom} />
        {!disabled ? (
          <Button type="submit" disabled={form.pending || companies.isLoading}>
            {form.pending ? "Saving…" : submitLabel}
          </Button>
        ) : null}
      </fieldset>
    </form>
  );
}
