import type { Metadata } from "next";
import { DealsList } from "@/components/deals/deals-list";
import { tablePage } from "@/components/views/table-page";

export const metadata: Metadata = { title: "Deals" };

export default tablePage("deal", DealsList);
