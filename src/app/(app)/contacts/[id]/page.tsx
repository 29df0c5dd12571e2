import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { env } from "@/server/env";
import { z } from "zod";
import { ContactView } from "@/components/contacts/contact-view";

export const metadata: Metadata = { title: "Contact" };

export default async function ContactPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!z.uuid().safeParse(id).success) notFound();
  return <ContactView id={id} collabUrl={env().COLLAB_PUBLIC_URL} />;
}
