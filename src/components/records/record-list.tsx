"use client";
import { CopyCheck, Plus, Upload } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { cn } from "@/components/ui/cn";
import { linkButton } from "@/components/ui/styles";

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
      prefetch={false}
      href={`/import/${type}`}
      className={cn(linkButton, "hidden whitespace-nowrap sm:inline-flex")}
    >
      <Upload className="size-4" aria-hidden /> Import
    </Link>
  );
}

/** To the duplicates of a record type, where look-alikes are merged. */
export function DuplicatesLink({ type }: { type: string }) {
  return (
    <Link
      prefetch={false}
      href={`/duplicates/${type}`}
      className={cn(linkButton, "hidden whitespace-nowrap sm:inline-flex")}
    >
      <CopyCheck className="size-4" aria-hidden /> Duplicates
    </Link>
  );
}
