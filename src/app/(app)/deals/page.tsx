import type { Metadata } from "next";
import { DealsList } from "@/components/deals/deals-list";
import { prefetchTable } from "@/components/views/prefetch-table";
import { Prefetched } from "@/trpc/prefetched";

export const metadata: Metadata = { title: "Deals" };

export default async function DealsPage({ searchParams }: { searchParams: Promise<{ view?: string | string[] }> }) {
  await prefetchTable("deal", (await searchParams).view);
  return (
    <Prefetched>
      <DealsList />
    </Prefetched>
  );
}
