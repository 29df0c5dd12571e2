"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useEffect, useRef, useState } from "react";
import { Card } from "@/components/ui/card";
import { ssoErrorMessages } from "@/shared/sso";
import { safeNext } from "./sign-in-form";

export function SsoTicketSignIn() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);

  useEffect(() => {
    // Once: the ticket is single-use (React's development double effects must not spend it twice).
    if (started.current) return;
    started.current = true;
    const ticket = params.get("ticket") ?? "";
    void signIn("sso-ticket", { ticket, redirect: false }).then((result) => {
      if (!result || result.error) {
        setError(ssoErrorMessages[result?.error ?? ""] ?? ssoErrorMessages["sso.ticket_invalid"]!);
        return;
      }
      router.replace(safeNext(params.get("next")));
      router.refresh();
    });
  }, [params, router]);

  return (
    <Card className="p-6">
      <h1 className="mb-2 text-xl font-semibold">{error ? "Single sign-on did not finish" : "Signing you in…"}</h1>
      {error ? (
        <>
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
          <p className="mt-4 text-sm">
            <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
              Back to sign in
            </Link>
          </p>
        </>
      ) : (
        <p className="text-sm text-muted">Your identity provider confirmed who you are.</p>
      )}
    </Card>
  );
}
