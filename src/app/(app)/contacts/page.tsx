import type { Metadata } from "next";
import { ContactsList } from "@/components/contacts/contacts-list";
import { prefetchTable } from "@/components/views/prefetch-table";
import { Prefetched } from "@/trpc/prefetched";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage({ searchParams }: { searchParams: Promise<{ view?: string | string[] }> }) {
  await prefetchTable("contact", (await searchParams).view);
  return (
    <Prefetched>
      <ContactsList />
    </Prefetched>
  );
}
