"use client";
import { CopyCheck, Plus, Upload } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";

/** A list page's header: its title and, for those allowed, a button opening the create form. */
export function ListHeader({
  title,
  create,
  children,
}: {
  title: string;
  create?: { label: string; open: boolean; onOpenChange: (open: boolean) => void; form: ReactNode } | null;
  children?: ReactNode;
}) {
  return (
    <PageHeader title={title}>
      {children}
      {create ? (
        <Dialog
          open={create.open}
          onOpenChange={create.onOpenChange}
          title={create.label}
          trigger={
            <Button className="whitespace-nowrap">
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

/** "Import" beside a list's create button: to the CSV import of that record type. */
export function ImportLink({ type }: { type: string }) {
  return (
    <Link
      href={`/import/${type}`}
      className="hidden h-10 items-center gap-2 rounded-md border whitespace-nowrap sm:inline-flex border-zinc-300 px-4 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      <Upload className="size-4" aria-hidden /> Import
    </Link>
  );
}

/** To the duplicates of a record type, where look-alikes are merged. */
export function DuplicatesLink({ type }: { type: string }) {
  return (
    <Link
      href={`/duplicates/${type}`}
      className="hidden h-10 items-center gap-2 rounded-md border whitespace-nowrap sm:inline-flex border-zinc-300 px-4 text-sm font-medium hover:bg-zinc-50 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      <CopyCheck className="size-4" aria-hidden /> Duplicates
    </Link>
  );
}
