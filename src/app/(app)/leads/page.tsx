import type { Metadata } from "next";
import { LeadsList } from "@/components/leads/leads-list";
import { tablePage } from "@/components/views/table-page";

export const metadata: Metadata = { title: "Leads" };

export default tablePage("lead", LeadsList);
