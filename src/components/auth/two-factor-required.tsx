"use client";
import { Card } from "@/components/ui/card";
import { TwoFactorSetup } from "../settings/two-factor-setup";

/** Shown instead of the app when the workspace requires a second factor the person has not set up. */
export function TwoFactorRequired() {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-zinc-50 px-4 py-10 dark:bg-zinc-950">
      <Card className="max-w-lg space-y-4 p-6">
        <h1 className="text-xl font-semibold">Set up two-factor sign-in to continue</h1>
        <p className="text-sm">This workspace requires a code from an authenticator app each time you sign in.</p>
        <TwoFactorSetup onEnabled={() => window.location.reload()} />
      </Card>
    </main>
  );
}
