import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { getSession } from "@/trpc/server";
import { SignInForm } from "@/components/auth/sign-in-form";
import { env } from "@/server/env";
import { ssoChoices } from "@/server/auth/sso-config";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage() {
  if (await getSession()) redirect("/deals");
  return (
    <Suspense>
      <SignInForm sso={ssoChoices(env())} />
    </Suspense>
  );
}
