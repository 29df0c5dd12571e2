"use client";
import { useQuery } from "@tanstack/react-query";
import { readTags, TagsField } from "../records/tags-field";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { createDealInput } from "@/shared/schemas";
import { useTRPC } from "@/trpc/react";
import { CustomFieldInputs, readCustomValues, useCustomFields } from "../custom-fields/custom-field-inputs";
import type { CustomValues } from "@/shared/custom-fields";
import { formValues, useFormSubmit } from "../records/use-form-submit";
import type { z } from "zod";

export interface DealFormValues {
  tags?: string[];
  title?: string;
  amount?: number | null;
  currency?: string;
  stageId?: string;
  companyId?: string | null;
  contactId?: string | null;
  expectedCloseDate?: string | null;
  /** Shown for the current links when they are not among the records loaded for the pickers. */
  companyName?: string | null;
  contactName?: string | null;
  probability?: number | null;
  probabilityOverridden?: boolean;
  closeReason?: string | null;
  custom?: CustomValues;
}

/** The picker's options, keeping the current choice even when it is not in the loaded page. */
function withCurrent(options: { value: string; label: string }[], current: string | null | undefined, label: string | null | undefined) {
  if (current && !options.some((o) => o.value === current)) options.unshift({ value: current, label: label ?? "Current" });
  return [{ value: "", label: "None" }, ...options];
}

/** Create and edit share one form: same fields, same validation as the server. */
export function DealForm({
  initial,
  submitLabel,
  onSubmit,
  disabled,
}: {
  initial?: DealFormValues;
  submitLabel: string;
  onSubmit: (values: z.infer<typeof createDealInput>) => Promise<unknown>;
  disabled?: boolean;
}) {
  const trpc = useTRPC();
  const pipelines = useQuery(trpc.deals.pipelines.queryOptions());
  const companies = useQuery(trpc.companies.list.queryOptions({ limit: 200 }));
  const contacts = useQuery(trpc.contacts.list.queryOptions({ limit: 200 }));
  // With several pipelines, a stage is named with its pipeline ("Partnerships · Proposal").
  const several = (pipelines.data?.length ?? 0) > 1;
  const stages = pipelines.data?.flatMap((p) => p.stages.map((s) => ({ ...s, label: several ? `${p.name} · ${s.name}` : s.name }))) ?? [];

  const fields = useCustomFields("deal");
  const form = useFormSubmit(
    createDealInput,
    (data) => {
      const v = formValues(data, ["title", "amount", "currency", "stageId", "companyId", "contactId", "expectedCloseDate", "probability", "closeReason"]);
      return {
        ...v,
        amount: v.amount === undefined ? null : Number(String(v.amount).replace(/[, ]/g, "")),
        companyId: v.companyId ?? null,
        contactId: v.contactId ?? null,
        expectedCloseDate: v.expectedCloseDate ?? null,
        probability: v.probability === undefined ? null : Number(v.probability),
        closeReason: v.closeReason ?? null,
        custom: readCustomValues(data, fields),
        tags: readTags(data),
      };
    },
    onSubmit,
  );

  return (
    <form onSubmit={form.onSubmit} className="space-y-4" noValidate>
      <fieldset disabled={disabled} className="space-y-4">
        <TextField label="Title" name="title" defaultValue={initial?.title} error={form.errors.title} required />
        <div className="grid grid-cols-3 gap-3">
          <div className="col-span-2">
            <TextField
              label="Amount"
              name="amount"
              inputMode="decimal"
              defaultValue={initial?.amount ?? ""}
              error={form.errors.amount}
            />
          </div>
          <TextField label="Currency" name="currency" defaultValue={initial?.currency ?? "USD"} maxLength={3} error={form.errors.currency} />
        </div>
        <SelectField
          label="Stage"
          name="stageId"
          defaultValue={initial?.stageId ?? stages[0]?.id}
          key={`stage-${stages.length}`}
          error={form.errors.stageId}
          options={stages.map((s) => ({ value: s.id, label: s.label }))}
        />
        <SelectField
          label="Company"
          name="companyId"
          key={`company-${companies.data?.length ?? 0}`}
          defaultValue={initial?.companyId ?? ""}
          error={form.errors.companyId}
          options={withCurrent(
            (companies.data ?? []).map((c) => ({ value: c.id, label: c.name })),
            initial?.companyId,
            initial?.companyName,
          )}
        />
        <SelectField
          label="Contact"
          name="contactId"
          key={`contact-${contacts.data?.length ?? 0}`}
          defaultValue={initial?.contactId ?? ""}
          error={form.errors.contactId}
          options={withCurrent(
            (contacts.data ?? []).map((c) => ({ value: c.id, label: [c.firstName, c.lastName].filter(Boolean).join(" ") })),
            initial?.contactId,
            initial?.contactName,
          )}
        />
        <TextField
          label="Expected close date"
          name="expectedCloseDate"
          type="date"
          defaultValue={initial?.expectedCloseDate ?? ""}
          error={form.errors.expectedCloseDate}
        />
        <TextField
          label="Probability (%)"
          name="probability"
          inputMode="numeric"
          placeholder="From the stage"
          hint="Leave empty to follow the stage."
          defaultValue={initial?.probabilityOverridden ? (initial.probability ?? "") : ""}
          error={form.errors.probability}
        />
        <TextField label="Won / lost reason" name="closeReason" defaultValue={initial?.closeReason ?? ""} error={form.errors.closeReason} />
        <TagsField object="deal" defaultValue={initial?.tags} error={form.errors.tags} />
        <CustomFieldInputs fields={fields} values={initial?.custom} />
        {!disabled ? (
          <Button type="submit" disabled={form.pending || pipelines.isLoading || companies.isLoading || contacts.isLoading}>
            {form.pending ? "Saving…" : submitLabel}
          </Button>
        ) : null}
      </fieldset>
    </form>
  );
}
