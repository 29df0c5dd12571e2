import type { Metadata } from "next";
import { CompaniesList } from "@/components/companies/companies-list";
import { tablePage } from "@/components/views/table-page";

export const metadata: Metadata = { title: "Companies" };

export default tablePage("company", CompaniesList);
