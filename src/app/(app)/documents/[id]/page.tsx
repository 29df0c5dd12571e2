import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { z } from "zod";
import { SharedDocumentView } from "@/components/documents/shared-document-view";
import { env } from "@/server/env";

export const metadata: Metadata = { title: "Document" };

export default async function DocumentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  return <SharedDocumentView id={id} collabUrl={env().COLLAB_PUBLIC_URL} />;
}
