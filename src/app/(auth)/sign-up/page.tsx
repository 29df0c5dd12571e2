import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getSession } from "@/trpc/server";
import { SignUpForm } from "@/components/auth/sign-up-form";

export const metadata: Metadata = { title: "Create your workspace" };
export const dynamic = "force-dynamic";

export default async function SignUpPage() {
  if (await getSession()) redirect("/deals");
  return <SignUpForm />;
}
