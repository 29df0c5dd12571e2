"use client";
import { useQuery } from "@tanstack/react-query";
import { readTags, TagsField } from "../records/tags-field";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { createContactInput, lifecycleLabels, lifecycleStages } from "@/shared/schemas";
import { LabelledListInput, readLabelledList, type Labelled } from "../records/labelled-list-input";
import { useTRPC } from "@/trpc/react";
import { CustomFieldInputs, readCustomValues, useCustomFields } from "../custom-fields/custom-field-inputs";
import type { CustomValues } from "@/shared/custom-fields";
import { formValues, useFormSubmit } from "../records/use-form-submit";
import type { z } from "zod";

export interface ContactFormValues {
  tags?: string[];
  firstName?: string;
  lastName?: string | null;
  email?: string | null;
  phone?: string | null;
  title?: string | null;
  companyId?: string | null;
  /** Shown for the current company if it is not among the companies loaded for the picker. */
  companyName?: string | null;
  emails?: Labelled[];
  phones?: Labelled[];
  lifecycleStage?: (typeof lifecycleStages)[number] | null;
  links?: { linkedin: string | null; twitter: string | null } | null;
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
      const v = formValues(data, ["firstName", "lastName", "title", "companyId", "lifecycleStage", "links.linkedin", "links.twitter"]);
      return {
        firstName: v.firstName,
        lastName: v.lastName,
        title: v.title,
        companyId: v.companyId ?? null,
        emails: readLabelledList(data, "emails"),
        phones: readLabelledList(data, "phones"),
        lifecycleStage: v.lifecycleStage ?? null,
        links: { linkedin: v["links.linkedin"] ?? null, twitter: v["links.twitter"] ?? null },
        custom: readCustomValues(data, fields),
        tags: readTags(data),
      };
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
        <LabelledListInput
          name="emails"
          noun="Email"
          type="email"
          initial={initial?.emails ?? (initial?.email ? [{ value: initial.email, label: "work" }] : undefined)}
          error={form.errors.emails}
        />
        <LabelledListInput
          name="phones"
          noun="Phone"
          type="tel"
          initial={initial?.phones ?? (initial?.phone ? [{ value: initial.phone, label: "work" }] : undefined)}
          error={form.errors.phones}
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
        <SelectField
          label="Lifecycle stage"
          name="lifecycleStage"
          defaultValue={initial?.lifecycleStage ?? ""}
          options={[{ value: "", label: "—" }, ...lifecycleStages.map((s) => ({ value: s, label: lifecycleLabels[s] }))]}
        />
        <div className="grid gap-4 sm:grid-cols-2 sm:gap-3">
          <TextField label="LinkedIn" name="links.linkedin" type="url" defaultValue={initial?.links?.linkedin ?? ""} error={form.errors.links} />
          <TextField label="X / Twitter" name="links.twitter" type="url" defaultValue={initial?.links?.twitter ?? ""} />
        </div>
        <TagsField object="contact" defaultValue={initial?.tags} error={form.errors.tags} />
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
