import type { Metadata } from "next";
import { PipelinesSettings } from "@/components/settings/pipelines-settings";

export const metadata: Metadata = { title: "Pipelines" };

export default function PipelinesPage() {
  return <PipelinesSettings />;
}
