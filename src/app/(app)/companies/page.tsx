import type { Metadata } from "next";
import { CompaniesList } from "@/components/companies/companies-list";

export const metadata: Metadata = { title: "Companies" };

export default function CompaniesPage() {
  return <CompaniesList />;
}
