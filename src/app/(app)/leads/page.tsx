import type { Metadata } from "next";
import { LeadsList } from "@/components/leads/leads-list";
import { prefetchTable } from "@/components/views/prefetch-table";
import { Prefetched } from "@/trpc/prefetched";

export const metadata: Metadata = { title: "Leads" };

export default async function LeadsPage({ searchParams }: { searchParams: Promise<{ view?: string | string[] }> }) {
  await prefetchTable("lead", (await searchParams).view);
  return (
    <Prefetched>
      <LeadsList />
    </Prefetched>
  );
}
