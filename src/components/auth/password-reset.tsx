"use client";
import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage, useTRPC } from "@/trpc/react";

const backToSignIn = (
  <p className="mt-6 text-center text-sm text-muted">
    <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
      Back to sign in
    </Link>
  </p>
);

function Failure({ error }: { error: unknown }) {
  return error ? (
    <p role="alert" className="text-sm text-red-600 dark:text-red-400">
      {errorMessage(error)}
    </p>
  ) : null;
}

/** "Forgot password?": the email to send a reset link to. */
export function ForgotPassword() {
  const trpc = useTRPC();
  const request = useMutation(trpc.auth.requestPasswordReset.mutationOptions());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    request.mutate({ email: String(new FormData(event.currentTarget).get("email") ?? "") });
  }

  return (
    <Card className="p-6">
      <h1 className="mb-1 text-xl font-semibold">Reset your password</h1>
      {request.isSuccess ? (
        <p role="status" className="text-sm">
          If an account has that email, a link to choose a new password is on its way. It works for an hour.
        </p>
      ) : (
        <>
          <p className="mb-6 text-sm text-muted">We will email you a link to choose a new one.</p>
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <TextField label="Email" name="email" type="email" autoComplete="email" required />
            <Failure error={request.error} />
            <Button type="submit" className="w-full" disabled={request.isPending}>
              {request.isPending ? "Sending…" : "Send the link"}
            </Button>
          </form>
        </>
      )}
      {backToSignIn}
    </Card>
  );
}

/** The reset link's page: a new password, once. */
export function ResetPassword({ token }: { token: string }) {
  const trpc = useTRPC();
  const status = useQuery(trpc.auth.passwordReset.queryOptions({ token }, { retry: false }));
  const reset = useMutation(trpc.auth.resetPassword.mutationOptions());

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    reset.mutate({ token, password: String(new FormData(event.currentTarget).get("password") ?? "") });
  }

  return (
    <Card className="p-6">
      <h1 className="mb-1 text-xl font-semibold">Choose a new password</h1>
      {reset.isSuccess ? (
        <p role="status" className="text-sm">
          Your password is changed and you are signed out everywhere. Sign in with the new password.
        </p>
      ) : status.isPending ? (
        <p className="text-sm text-muted">Checking the link…</p>
      ) : !status.data?.valid ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          This reset link has expired or was already used. <Link href="/forgot-password" className="font-medium underline">Ask for a new one</Link>.
        </p>
      ) : (
        <>
          <p className="mb-6 text-sm text-muted">For {status.data.email}. At least 10 characters; a phrase is easiest to remember.</p>
          <form onSubmit={onSubmit} className="space-y-4" noValidate>
            <TextField label="New password" name="password" type="password" autoComplete="new-password" required />
            <Failure error={reset.error} />
            <Button type="submit" className="w-full" disabled={reset.isPending}>
              {reset.isPending ? "Saving…" : "Set the new password"}
            </Button>
          </form>
        </>
      )}
      {backToSignIn}
    </Card>
  );
}
