import type { Metadata } from "next";
import { ContactsList } from "@/components/contacts/contacts-list";
import { tablePage } from "@/components/views/table-page";

export const metadata: Metadata = { title: "Contacts" };

export default tablePage("contact", ContactsList);
