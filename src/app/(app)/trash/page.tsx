import type { Metadata } from "next";
import { TrashList } from "@/components/trash-list";

export const metadata: Metadata = { title: "Trash" };

export default function TrashPage() {
  return <TrashList />;
}
