"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Building2, Mail, Phone, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { BackLink } from "../records/back-link";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Badge, Card } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { formatDocName } from "@/shared/doc-names";
import { errorMessage, useTRPC } from "@/trpc/react";
import { CollaborativeNote } from "../collab/lazy-note";
import { LiveFields } from "../collab/live-fields";
import { RecordDocProvider } from "../collab/record-doc";
import { RecordCollabBar } from "../collab/record-history";
import { PrivacyActions } from "../records/privacy-actions";
import { CommentsPanel } from "../comments/comments-panel";
import { SensitivePanel } from "../sensitive/sensitive-panel";
import { VisibilityCard } from "../records/visibility-card";
import { ConsentsPanel } from "./consents-panel";
import { RecordTimeline } from "../records/record-timeline";
import { TasksPanel } from "../tasks/tasks-panel";
import { fullName, money } from "../records/format";

export function ContactView({ id, collabUrl }: { id: string; collabUrl: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const canDelete = useCan("contact.delete");
  const contact = useQuery(trpc.contacts.get.queryOptions({ id }));

  const remove = useMutation(
    trpc.contacts.delete.mutationOptions({
      onSuccess: async () => {
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.contacts.list.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.companies.get.queryKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.deals.pathKey() }),
        ]);
        toast.success("Contact moved to the trash");
        router.push("/contacts");
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );

  if (contact.isLoading) return <p className="text-sm text-muted">Loading the contact…</p>;
  if (contact.error || !contact.data)
    return <p role="alert">{contact.error ? errorMessage(contact.error) : "Contact not found."}</p>;
  const c = contact.data;
  const name = fullName(c);
  const { deals } = c;

  return (
    <RecordDocProvider documentName={formatDocName({ kind: "contact", id })} collabUrl={collabUrl}>
    <div className="space-y-6">
      <div>
        <BackLink href="/contacts" label="Contacts" />
        <div className="mt-2 flex flex-wrap items-center justify-between gap-3">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words">{name}</h1>
            <p className="mt-1 text-sm text-muted">
              {c.title ?? "No title"}
              {c.companyId && c.companyName ? (
                <>
                  {" at "}
                  <Link href={`/companies/${c.companyId}`} className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
                    {c.companyName}
                  </Link>
                </>
              ) : null}
            </p>
            <RecordCollabBar object="contact" id={id} />
            <div className="mt-2">
              <PrivacyActions type="contact" id={id} name={name} />
            </div>
          </div>
          {canDelete ? (
            <Button
              variant="secondary"
              disabled={remove.isPending}
              onClick={() => {
                if (window.confirm(`Move “${name}” to the trash? You can restore them, with their links, from the Trash.`)) remove.mutate({ id });
              }}
            >
              <Trash2 className="size-4" aria-hidden /> Delete
            </Button>
          ) : null}
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-5">
        <Card className="p-4 lg:col-span-2">
          <h2 className="mb-3 font-semibold">Details</h2>
          <LiveFields object="contact" />
        </Card>
        <div className="space-y-6 lg:col-span-3">
          <Card>
            <h2 className="border-b border-zinc-200 px-4 py-3 font-semibold dark:border-zinc-800">Note</h2>
            <CollaborativeNote label="Contact note" testId="contact-note" />
          </Card>
          <Card className="p-4">
            <h2 className="mb-3 font-semibold">Reach</h2>
            <ul className="space-y-2 text-sm">
              <li className="flex items-center gap-2">
                <Mail className="size-4 shrink-0 text-zinc-400" aria-hidden />
                <span className="sr-only">Email:</span>
                {c.email ? (
                  <a href={`mailto:${c.email}`} className="min-w-0 break-all hover:underline">
                    {c.email}
                  </a>
                ) : (
                  <span className="text-muted">No email</span>
                )}
              </li>
              <li className="flex items-center gap-2">
                <Phone className="size-4 shrink-0 text-zinc-400" aria-hidden />
                <span className="sr-only">Phone:</span>
                {c.phone ? (
                  <a href={`tel:${c.phone.replace(/[^\d+]/g, "")}`} className="hover:underline">
                    {c.phone}
                  </a>
                ) : (
                  <span className="text-muted">No phone</span>
                )}
              </li>
              <li className="flex items-center gap-2">
                <Building2 className="size-4 shrink-0 text-zinc-400" aria-hidden />
                <span className="sr-only">Company:</span>
                {c.companyId && c.companyName ? (
                  <Link href={`/companies/${c.companyId}`} className="hover:underline">
                    {c.companyName}
                  </Link>
                ) : (
                  <span className="text-muted">No company</span>
                )}
              </li>
            </ul>
          </Card>
          <Card>
            <div className="flex items-center justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
              <h2 className="font-semibold">Deals</h2>
              <Badge>{deals.length}</Badge>
            </div>
            {deals.length ? (
              <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Deals with this contact">
                {deals.map((d) => (
                  <li key={d.id}>
                    <Link
                      href={`/deals/${d.id}`}
                      className="flex items-baseline justify-between gap-3 px-4 py-3 text-sm hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
                    >
                      <span className="min-w-0 font-medium break-words">{d.title}</span>
                      <span className="shrink-0 font-semibold tabular-nums">{money(d.amount, d.currency)}</span>
                    </Link>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="px-4 py-3 text-sm text-muted">No deals with this contact yet.</p>
            )}
          </Card>
          <CommentsPanel recordType="contact" recordId={id} />
          <TasksPanel recordType="contact" recordId={id} />
          <VisibilityCard recordType="contact" recordId={id} />
          <SensitivePanel recordType="contact" recordId={id} />
          <ConsentsPanel contactId={id} />
          <RecordTimeline recordType="contact" recordId={id} />
        </div>
      </div>
    </div>
    </RecordDocProvider>
  );
}


