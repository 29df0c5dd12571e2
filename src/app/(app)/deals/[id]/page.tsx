import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { DealView } from "@/components/deals/deal-view";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Deal" };

export default async function DealPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  return <DealView id={id} collabUrl={env().COLLAB_PUBLIC_URL} />;
}
