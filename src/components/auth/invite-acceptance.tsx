"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn, signOut } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { WORKSPACE_COOKIE } from "@/shared/constants";
import { roleLabels } from "@/shared/permissions";
import { errorMessage, useTRPC } from "@/trpc/react";

const states = {
  used: "This invitation has already been used.",
  withdrawn: "This invitation was withdrawn.",
  expired: "This invitation has expired. Ask for a new one.",
} as const;

/** Opens the workspace just joined (it may not be the person's first). */
export function enterWorkspace(router: ReturnType<typeof useRouter>, workspaceId: string) {
  document.cookie = `${WORKSPACE_COOKIE}=${workspaceId}; path=/; samesite=lax`;
  router.replace("/deals");
  router.refresh();
}

/**
 * An invitation's page: who invites whom to which workspace, and the way in — join (signed in
 * with the invited email), sign in first (an account exists), or make the account right here.
 */
export function InviteAcceptance({ token, signedInAs }: { token: string; signedInAs: string | null }) {
  const trpc = useTRPC();
  const router = useRouter();
  const invitation = useQuery(trpc.auth.invitation.queryOptions({ token }));
  const accept = useMutation(trpc.auth.acceptInvitation.mutationOptions({ onSuccess: (r) => enterWorkspace(router, r.workspaceId) }));
  const signUp = useMutation(trpc.auth.signUpWithInvitation.mutationOptions());
  const [problem, setProblem] = useState<string | null>(null);

  if (invitation.isLoading) return <p className="text-sm text-muted">Opening the invitation…</p>;
  const inv = invitation.data;
  if (!inv) {
    return (
      <Card className="p-6">
        <h1 className="mb-2 text-xl font-semibold">Invitation not found</h1>
        <p className="text-sm">This link is not valid. Check that it was copied whole, or ask for a new invitation.</p>
      </Card>
    );
  }
  const title = `${inv.inviterName ?? "Someone"} invited you to ${inv.workspaceName}`;
  if (inv.state !== "open") {
    return (
      <Card className="p-6">
        <h1 className="mb-2 text-xl font-semibold">{title}</h1>
        <p role="alert" className="text-sm">
          {states[inv.state]}
        </p>
      </Card>
    );
  }

  const onSignUp = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setProblem(null);
    const data = new FormData(e.currentTarget);
    const password = String(data.get("password") ?? "");
    try {
      const made = await signUp.mutateAsync({ token, name: String(data.get("name") ?? ""), password });
      const result = await signIn("credentials", { email: made.email, password, redirect: false });
      if (result?.error) throw new Error("Your account is ready: sign in to continue.");
      enterWorkspace(router, made.workspaceId);
    } catch (error) {
      setProblem(errorMessage(error));
    }
  };

  return (
    <Card className="space-y-4 p-6">
      <h1 className="text-xl font-semibold">{title}</h1>
      <p className="text-sm">
        As {roleLabels[inv.role].toLowerCase()}, with the email {inv.email}.
      </p>
      {signedInAs ? (
        signedInAs.toLowerCase() === inv.email ? (
          <>
            <Button onClick={() => accept.mutate({ token })} disabled={accept.isPending}>
              Join {inv.workspaceName}
            </Button>
            {accept.error ? <p role="alert" className="text-sm text-red-600">{errorMessage(accept.error)}</p> : null}
          </>
        ) : (
          <>
            <p role="alert" className="text-sm">
              You are signed in as {signedInAs}, but this invitation is for {inv.email}.
            </p>
            <Button variant="secondary" onClick={() => void signOut({ callbackUrl: `/invite/${token}` })}>
              Sign out
            </Button>
          </>
        )
      ) : inv.hasAccount ? (
        <p className="text-sm">
          You already have an account.{" "}
          <Link className="font-medium underline" href={`/sign-in?callbackUrl=${encodeURIComponent(`/invite/${token}`)}`}>
            Sign in to accept
          </Link>
          .
        </p>
      ) : (
        <form onSubmit={onSignUp} className="space-y-4" noValidate>
          <TextField label="Your name" name="name" autoComplete="name" required />
          <TextField label="Choose a password" name="password" type="password" autoComplete="new-password" hint="At least 10 characters." required />
          {problem ? (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {problem}
            </p>
          ) : null}
          <Button type="submit" className="w-full" disabled={signUp.isPending}>
            Create my account and join
          </Button>
        </form>
      )}
    </Card>
  );
}
