import type { Metadata } from "next";
import { DealsBoard } from "@/components/deals/deals-board";

export const metadata: Metadata = { title: "Pipeline board" };

export default function DealsBoardPage() {
  return <DealsBoard />;
}
