"use client";
import { Button } from "@/components/ui/button";
import { readTags, TagsField } from "../records/tags-field";
import { companySizes, createCompanyInput } from "@/shared/schemas";
import { SelectField, TextField } from "@/components/ui/field";
import { CustomFieldInputs, readCustomValues, useCustomFields } from "../custom-fields/custom-field-inputs";
import type { CustomValues } from "@/shared/custom-fields";
import { formValues, useFormSubmit } from "../records/use-form-submit";
import type { z } from "zod";

export interface CompanyFormValues {
  tags?: string[];
  name?: string;
  domain?: string | null;
  industry?: string | null;
  size?: (typeof companySizes)[number] | null;
  address?: Partial<Record<(typeof addressKeys)[number], string | null>> | null;
  links?: Partial<Record<(typeof linkKeys)[number], string | null>> | null;
  custom?: CustomValues;
}

const addressKeys = ["street", "city", "region", "postalCode", "country"] as const;
const addressLabels = { street: "Street", city: "City", region: "Region / state", postalCode: "Postal code", country: "Country" } as const;
const linkKeys = ["website", "linkedin", "twitter"] as const;
const linkLabels = { website: "Website", linkedin: "LinkedIn", twitter: "X / Twitter" } as const;

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
    (data) => {
      const v = formValues(data, ["name", "domain", "industry", "size", ...addressKeys.map((k) => `address.${k}`), ...linkKeys.map((k) => `links.${k}`)]);
      const address = Object.fromEntries(addressKeys.map((k) => [k, v[`address.${k}`] ?? null]));
      const links = Object.fromEntries(linkKeys.map((k) => [k, v[`links.${k}`] ?? null]));
      return {
        name: v.name,
        domain: v.domain,
        industry: v.industry,
        size: v.size ?? null,
        // An empty address is no address.
        address: Object.values(address).some(Boolean) ? address : null,
        links: Object.values(links).some(Boolean) ? links : null,
        custom: readCustomValues(data, fields),
        tags: readTags(data),
      };
    },
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
        <SelectField
          label="Size"
          name="size"
          defaultValue={initial?.size ?? ""}
          options={[{ value: "", label: "—" }, ...companySizes.map((s) => ({ value: s, label: `${s} employees` }))]}
        />
        <fieldset className="space-y-3">
          <legend className="mb-1 text-sm font-semibold">Address</legend>
          {addressKeys.map((k) => (
            <TextField key={k} label={addressLabels[k]} name={`address.${k}`} defaultValue={initial?.address?.[k] ?? ""} />
          ))}
        </fieldset>
        <fieldset className="space-y-3">
          <legend className="mb-1 text-sm font-semibold">Links</legend>
          {linkKeys.map((k) => (
            <TextField key={k} label={linkLabels[k]} name={`links.${k}`} type="url" defaultValue={initial?.links?.[k] ?? ""} error={k === "website" ? form.errors.links : undefined} />
          ))}
        </fieldset>
        <TagsField object="company" defaultValue={initial?.tags} error={form.errors.tags} />
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
