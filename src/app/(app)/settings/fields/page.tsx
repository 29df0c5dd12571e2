import type { Metadata } from "next";
import { FieldsSettings } from "@/components/settings/fields-settings";

export const metadata: Metadata = { title: "Custom fields" };

export default function FieldsPage() {
  return <FieldsSettings />;
}
