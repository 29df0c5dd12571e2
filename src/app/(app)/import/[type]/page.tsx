import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportWizard } from "@/components/imports/import-wizard";
import { objectOfSegment } from "@/shared/record-labels";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ params }: { params: Promise<{ type: string }> }) {
  const { type } = await params;
  const object = objectOfSegment(type);
  if (!object) notFound();
  return <ImportWizard object={object} />;
}
