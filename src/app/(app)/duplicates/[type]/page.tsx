import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { DuplicatesList } from "@/components/duplicates/duplicates";
import { objectOfSegment } from "@/shared/record-labels";

export const metadata: Metadata = { title: "Duplicates" };

export default async function DuplicatesPage({ params }: { params: Promise<{ type: string }> }) {
  const object = objectOfSegment((await params).type);
  if (!object) notFound();
  return <DuplicatesList object={object} />;
}
