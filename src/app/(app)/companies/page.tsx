import type { Metadata } from "next";
import { CompaniesList } from "@/components/companies/companies-list";
import { prefetchTable } from "@/components/views/prefetch-table";
import { Prefetched } from "@/trpc/prefetched";

export const metadata: Metadata = { title: "Companies" };

export default async function CompaniesPage({ searchParams }: { searchParams: Promise<{ view?: string | string[] }> }) {
  await prefetchTable("company", (await searchParams).view);
  return (
    <Prefetched>
      <CompaniesList />
    </Prefetched>
  );
}
