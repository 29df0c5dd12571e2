"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Merge } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { useCan } from "@/components/shell/workspace-context";
import { Button } from "@/components/ui/button";
import { Card, Empty, PageHeader } from "@/components/ui/card";
import type { RecordObject } from "@/shared/permissions";
import { recordLabels } from "@/shared/record-labels";
import { primaryField } from "@/shared/views";
import { errorMessage, useTRPC } from "@/trpc/react";
import { BackLink } from "../records/back-link";
import { useDebounced } from "../records/use-debounced";
import { cellText } from "../views/cells";

const reasons = { same_email: "Same email", same_domain: "Same domain", same_name: "Same name", similar_name: "Similar name" } as const;

/** The groups of look-alike records of a type, each with a way to merge it. */
export function DuplicatesList({ object }: { object: RecordObject }) {
  const trpc = useTRPC();
  const noun = recordLabels[object];
  const groups = useQuery(trpc.duplicates.scan.queryOptions({ object }));
  return (
    <>
      <BackLink href={noun.path} label={noun.plural} />
      <PageHeader title={`Duplicate ${noun.plural.toLowerCase()}`} />
      {groups.isLoading ? <p className="text-sm text-muted">Looking for duplicates…</p> : null}
      {groups.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {errorMessage(groups.error)}
        </p>
      ) : null}
      {groups.data?.length === 0 ? <Empty>No duplicates: no two {noun.plural.toLowerCase()} share an email, a domain or a name.</Empty> : null}
      <ul className="space-y-3" aria-label="Duplicate groups">
        {groups.data?.map((g) => (
          <li key={`${g.reason}-${g.key}`}>
            <Card className="flex flex-wrap items-center justify-between gap-3 p-4">
              <div>
                <p className="text-sm font-medium">
                  {reasons[g.reason]}: <span className="font-normal">{g.key}</span>
                </p>
                <ul className="mt-1 flex flex-wrap gap-x-3 text-sm text-muted">
                  {g.records.map((r) => (
                    <li key={r.id}>
                      <Link href={`${noun.path}/${r.id}`} className="hover:underline">
                        {r.label ?? "Untitled"}
                      </Link>
                      {r.detail ? ` (${r.detail})` : ""}
                    </li>
                  ))}
                </ul>
              </div>
              <Link
                href={`/duplicates${noun.path}/merge?ids=${g.records.map((r) => r.id).join(",")}`}
                className="inline-flex h-9 items-center gap-2 rounded-md border border-zinc-300 px-3 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
              >
                <Merge className="size-4" aria-hidden /> Review and merge
              </Link>
            </Card>
          </li>
        ))}
      </ul>
    </>
  );
}

/** View fields a merge chooses between, by the record field they set. */
const mergeable: Record<RecordObject, string[]> = {
  company: ["name", "domain", "industry", "size", "owner"],
  contact: ["firstName", "lastName", "title", "company", "lifecycleStage", "owner"],
  deal: ["title", "amount", "currency", "stage", "company", "contact", "expectedCloseDate", "closeReason", "owner"],
  lead: ["firstName", "lastName", "email", "phone", "companyName", "title", "source", "status", "owner"],
};
const domainKey: Record<string, string> = { company: "companyId", contact: "contactId", stage: "stageId", owner: "ownerId" };
const isEmpty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

/**
 * Records side by side: choose the one that stays and, field by field where they differ, whose
 * value it keeps. Everything related to the others moves to it.
 */
export function MergeScreen({ object, ids }: { object: RecordObject; ids: string[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canDelete = useCan(`${object}.delete`);
  const canUpdate = useCan(`${object}.update`);
  const canMerge = canDelete && canUpdate;
  const noun = recordLabels[object];
  const compared = useQuery(trpc.duplicates.compare.queryOptions({ object, ids }, { enabled: ids.length >= 2 }));
  const [survivor, setSurvivor] = useState<string | null>(null);
  const [picked, setPicked] = useState<Record<string, string>>({});
  const merge = useMutation(
    trpc.duplicates.merge.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries();
        toast.success(`${r.merged + 1} ${noun.plural.toLowerCase()} merged`);
        router.push(`${noun.path}/${r.id}`);
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );

  if (ids.length < 2) return <Empty>Choose at least two records to merge.</Empty>;
  if (compared.isLoading) return <p className="text-sm text-muted">Loading the records…</p>;
  if (compared.error) {
    return (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        {errorMessage(compared.error)}
      </p>
    );
  }
  const { fields, rows } = compared.data!;
  const keep = survivor ?? rows[0]?.id ?? "";
  const primary = fields.find((f) => f.key === primaryField[object])!;
  const name = (id: string) => {
    const row = rows.find((r) => r.id === id);
    return row ? cellText(primary as never, row.values[primary.key], row.values) || "Untitled" : "";
  };
  /** What tells look-alikes apart: their email or domain, and when they were created. */
  const describe = (values: Record<string, unknown>) => {
    const created = fields.find((f) => f.key === "createdAt");
    return [values.email ?? values.domain, created ? `created ${cellText(created as never, values.createdAt, values)}` : null].filter(Boolean).join(" · ");
  };
  const candidates = fields.filter((f) => mergeable[object].includes(f.key) || (f.custom && f.kind !== "multi_select"));
  const differing = candidates.filter((f) => new Set(rows.map((r) => JSON.stringify(r.values[f.key] ?? null))).size > 1);
  /** Whose value a field keeps: the one picked, else the survivor's, else the first that has one. */
  const sourceOf = (key: string) => picked[key] ?? (isEmpty(rows.find((r) => r.id === keep)?.values[key]) ? (rows.find((r) => !isEmpty(r.values[key]))?.id ?? keep) : keep);

  return (
    <>
      <BackLink href={`/duplicates${noun.path}`} label="Duplicates" />
      <PageHeader title={`Merge ${rows.length} ${noun.plural.toLowerCase()}`} />
      <Card className="overflow-x-auto p-4">
        <table className="w-full text-left text-sm" aria-label="Records to merge">
          <thead>
            <tr>
              <th scope="col" className="py-2 pr-4 text-xs text-muted uppercase">
                Field
              </th>
              {rows.map((r) => (
                <th key={r.id} scope="col" className="py-2 pr-4">
                  <label className="flex items-center gap-2 font-medium">
                    <input type="radio" name="survivor" checked={keep === r.id} onChange={() => setSurvivor(r.id)} />
                    Keep “{name(r.id)}”
                  </label>
                  <span className="block pl-6 text-xs font-normal text-muted">{describe(r.values)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {differing.map((f) => (
              <tr key={f.key}>
                <th scope="row" className="py-2 pr-4 font-medium">
                  {f.label}
                </th>
                {rows.map((r) => (
                  <td key={r.id} className="py-2 pr-4">
                    <label className="flex items-center gap-2">
                      <input
                        type="radio"
                        name={`field-${f.key}`}
                        aria-label={`${f.label}: ${cellText(f as never, r.values[f.key], r.values) || "empty"} (from “${name(r.id)}”)`}
                        checked={sourceOf(f.key) === r.id}
                        onChange={() => setPicked({ ...picked, [f.key]: r.id })}
                      />
                      {cellText(f as never, r.values[f.key], r.values) || <span className="text-muted">—</span>}
                    </label>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        {differing.length === 0 ? <p className="mt-2 text-sm text-muted">These records hold the same values.</p> : null}
      </Card>
      <p className="mt-4 max-w-2xl text-sm text-muted">
        “{name(keep)}” stays. It also gets every email, phone and tag of the others, and their deals, people, tasks and timeline. The others go to the
        trash.
      </p>
      <Button
        className="mt-4"
        disabled={!canMerge || merge.isPending}
        onClick={() =>
          merge.mutate({
            object,
            survivorId: keep,
            mergedIds: rows.map((r) => r.id).filter((id) => id !== keep),
            choices: Object.fromEntries(differing.map((f) => [domainKey[f.key] ?? f.key, sourceOf(f.key)])),
          })
        }
      >
        <Merge className="size-4" aria-hidden /> Merge into “{name(keep)}”
      </Button>
    </>
  );
}

/** While a record is being created: the existing ones it may duplicate, with links to them. */
export function DuplicateHint({ object, values }: { object: RecordObject; values: { email?: string; domain?: string; name?: string } }) {
  const trpc = useTRPC();
  const noun = recordLabels[object];
  const email = useDebounced((values.email ?? "").trim());
  const domain = useDebounced((values.domain ?? "").trim());
  const name = useDebounced((values.name ?? "").trim());
  const enabled = email.includes("@") || domain.includes(".") || name.length >= 3;
  const matches = useQuery(trpc.duplicates.check.queryOptions({ object, email: email || null, domain: domain || null, name: name || null }, { enabled }));
  if (!enabled || !matches.data?.length) return null;
  return (
    <div role="status" className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-700 dark:bg-amber-950/40">
      <p className="font-medium">This may already exist:</p>
      <ul className="mt-1 space-y-0.5">
        {matches.data.map((m) => (
          <li key={m.id}>
            <Link href={`${noun.path}/${m.id}`} className="underline">
              {m.label}
            </Link>
            {m.detail ? ` (${m.detail})` : ""} · {reasons[m.reason]}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** A create form, watched as it is filled in, with the records it may duplicate shown under it. */
export function WithDuplicateHint({ object, children }: { object: RecordObject; children: React.ReactNode }) {
  const [v, setV] = useState<Record<string, string>>({});
  const name = object === "company" ? v.name : object === "deal" ? v.title : [v.firstName, v.lastName].filter(Boolean).join(" ");
  return (
    <div
      onInput={(e) => {
        const t = e.target as HTMLInputElement;
        // A person's email inputs are all "emails.value".
        const key = t.name === "emails.value" ? "email" : t.name;
        if (key) setV((prev) => ({ ...prev, [key]: t.value }));
      }}
    >
      {children}
      <DuplicateHint object={object} values={{ email: v.email, domain: v.domain, name }} />
    </div>
  );
}
