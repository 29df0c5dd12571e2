import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MergeScreen } from "@/components/duplicates/duplicates";
import { objectOfSegment } from "@/shared/record-labels";

export const metadata: Metadata = { title: "Merge" };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function MergePage({ params, searchParams }: { params: Promise<{ type: string }>; searchParams: Promise<{ ids?: string }> }) {
  const object = objectOfSegment((await params).type);
  if (!object) notFound();
  const ids = ((await searchParams).ids ?? "").split(",").filter((id) => uuid.test(id)).slice(0, 10);
  return <MergeScreen object={object} ids={ids} />;
}
