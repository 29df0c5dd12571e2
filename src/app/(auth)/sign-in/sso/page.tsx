import type { Metadata } from "next";
import { Suspense } from "react";
import { SsoTicketSignIn } from "@/components/auth/sso-ticket-sign-in";

export const metadata: Metadata = { title: "Signing in" };
export const dynamic = "force-dynamic";

/** Where a SAML sign-on lands: its one-time ticket becomes this browser's session. */
export default function SsoLandingPage() {
  return (
    <Suspense>
      <SsoTicketSignIn />
    </Suspense>
  );
}
