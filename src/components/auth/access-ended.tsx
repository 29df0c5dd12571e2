"use client";
import { signOut } from "next-auth/react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { forgetLocalDocuments } from "../collab/local-documents";

/** Shown instead of the app to someone signed in who is no longer an active member of any workspace. */
export function AccessEnded({ email }: { email: string | null }) {
  return (
    <main className="flex min-h-dvh items-center justify-center bg-zinc-50 px-4 dark:bg-zinc-950">
      <Card className="max-w-md space-y-4 p-6">
        <h1 className="text-xl font-semibold">Your access to this workspace has ended</h1>
        <p className="text-sm">
          {email ? <>You are signed in as {email}, but </> : null}an admin of the workspace has deactivated or removed your membership. Ask them to
          reactivate you, or sign in with another account.
        </p>
        <Button onClick={() => void forgetLocalDocuments().finally(() => signOut({ callbackUrl: "/sign-in" }))}>Sign out</Button>
      </Card>
    </main>
  );
}
