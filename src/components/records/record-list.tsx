"use client";
import { Download, Plus } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Card, Empty, PageHeader } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Dialog } from "@/components/ui/dialog";
import { TextField } from "@/components/ui/field";
import { errorMessage } from "@/trpc/react";

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  align?: "right";
}

/** A list page's header: its title and, for those allowed, a button opening the create form. */
export function ListHeader({
  title,
  create,
  exportHref,
  children,
}: {
  title: string;
  create?: { label: string; open: boolean; onOpenChange: (open: boolean) => void; form: ReactNode } | null;
  /** The CSV export of what the list shows. */
  exportHref?: string;
  children?: ReactNode;
}) {
  return (
    <PageHeader title={title}>
      {children}
      {exportHref ? (
        <a
          href={exportHref}
          download
          className="inline-flex h-10 items-center gap-2 rounded-md border border-zinc-300 px-4 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
        >
          <Download className="size-4" aria-hidden /> Export CSV
        </a>
      ) : null}
      {create ? (
        <Dialog
          open={create.open}
          onOpenChange={create.onOpenChange}
          title={create.label}
          trigger={
            <Button>
              <Plus className="size-4" aria-hidden /> {create.label}
            </Button>
          }
        >
          {create.form}
        </Dialog>
      ) : null}
    </PageHeader>
  );
}

/**
 * Records as cards on phones and as a table on wider screens. The first column names the record
 * and links to it.
 */
export function RecordList<T extends { id: string }>({
  label,
  noun,
  query,
  empty,
  href,
  title,
  card,
  columns,
}: {
  label: string;
  noun: string;
  query: { data?: T[]; isLoading: boolean; error: unknown };
  empty: string;
  href: (row: T) => string;
  title: (row: T) => ReactNode;
  /** What a phone card shows under the title. */
  card: (row: T) => ReactNode;
  columns: Column<T>[];
}) {
  if (query.isLoading) return <p className="text-sm text-muted">Loading {label.toLowerCase()}…</p>;
  if (query.error)
    return (
      <p role="alert" className="text-sm text-red-600 dark:text-red-400">
        {errorMessage(query.error)}
      </p>
    );
  const rows = query.data ?? [];
  if (rows.length === 0) return <Empty>{empty}</Empty>;
  return (
    <>
      <ul className="space-y-3 md:hidden" aria-label={label}>
        {rows.map((row) => (
          <li key={row.id}>
            <Link href={href(row)} className="block">
              <Card className="p-4">
                <span className="block font-medium break-words">{title(row)}</span>
                {card(row)}
              </Card>
            </Link>
          </li>
        ))}
      </ul>
      <Card className="hidden overflow-x-auto md:block">
        <table className="w-full text-left text-sm" aria-label={label}>
          <thead className="border-b border-zinc-200 text-xs text-muted uppercase dark:border-zinc-800">
            <tr>
              <th className="px-4 py-3 font-medium">{noun}</th>
              {columns.map((c) => (
                <th key={c.header} className={cn("px-4 py-3 font-medium", c.align === "right" && "text-right")}>
                  {c.header}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
            {rows.map((row) => (
              <tr key={row.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
                <td className="px-4 py-3 font-medium">
                  <Link href={href(row)} className="hover:underline">
                    {title(row)}
                  </Link>
                </td>
                {columns.map((c) => (
                  <td
                    key={c.header}
                    className={cn("px-4 py-3 text-zinc-600 dark:text-zinc-400", c.align === "right" && "text-right font-medium tabular-nums text-inherit dark:text-inherit")}
                  >
                    {c.cell(row)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}

/** The search box and result count above a list. */
export function ListSearch({
  label,
  placeholder,
  value,
  onChange,
  count,
}: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  count: string | null;
}) {
  return (
    <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
      <div className="w-full sm:max-w-xs" role="search">
        <TextField
          label={label}
          name="search"
          type="search"
          placeholder={placeholder}
          autoComplete="off"
          maxLength={200}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      </div>
      <p className="text-sm text-muted" aria-live="polite">
        {count}
      </p>
    </div>
  );
}

/** "Globex · Software": the parts that exist, separated by dots. */
export function Meta({ parts }: { parts: (ReactNode | null | undefined)[] }) {
  const present = parts.filter((p) => p !== null && p !== undefined && p !== "");
  if (present.length === 0) return null;
  return (
    <div className="mt-1 flex flex-wrap items-center gap-x-2 text-sm text-muted">
      {present.map((p, i) => (
        <span key={i} className="break-words">
          {i > 0 ? <span aria-hidden className="mr-2">·</span> : null}
          {p}
        </span>
      ))}
    </div>
  );
}
