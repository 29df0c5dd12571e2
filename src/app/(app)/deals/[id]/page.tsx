import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { DealView } from "@/components/deals/deal-view";
import { env } from "@/server/env";
import { Prefetched } from "@/trpc/prefetched";
import { getQueryClient, serverTrpc } from "@/trpc/server";

export const metadata: Metadata = { title: "Deal" };

export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  // The deal comes with the page; one this person may not see is left for the browser to say so.
  const trpc = serverTrpc();
  const queryClient = getQueryClient();
  await Promise.all([queryClient.prefetchQuery(trpc.deals.get.queryOptions({ id })), queryClient.prefetchQuery(trpc.deals.pipelines.queryOptions())]);
  return (
    <Prefetched>
      <DealView id={id} collabUrl={env().COLLAB_PUBLIC_URL} />
    </Prefetched>
  );
}
