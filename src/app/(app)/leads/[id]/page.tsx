import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/server/env";
import { z } from "zod";
import { LeadView } from "@/components/leads/lead-view";

export const metadata: Metadata = { title: "Lead" };

export default async function LeadPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  return <LeadView id={id} collabUrl={env().COLLAB_PUBLIC_URL} />;
}
