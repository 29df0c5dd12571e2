"use client";
import { Plus } from "lucide-react";
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
