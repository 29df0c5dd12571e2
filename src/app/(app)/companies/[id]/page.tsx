import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/server/env";
import { z } from "zod";
import { CompanyView } from "@/components/companies/company-view";

export const metadata: Metadata = { title: "Company" };

export default async function CompanyPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  return <CompanyView id={id} collabUrl={env().COLLAB_PUBLIC_URL} />;
}
