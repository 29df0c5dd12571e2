"use client";
import { useMutation } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { errorMessage, useTRPC } from "@/trpc/react";
import { forgetLocalDocuments } from "../collab/local-documents";

/** A new password, given the current one: then every session ends and the person signs in again. */
export function ChangePassword() {
  const trpc = useTRPC();
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => void forgetLocalDocuments().finally(() => signOut({ callbackUrl: "/sign-in?changed=1" })),
    }),
  );
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    change.mutate({ current: String(data.get("current") ?? ""), next: String(data.get("next") ?? "") });
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3" noValidate>
      <TextField label="Current password" name="current" type="password" autoComplete="current-password" required />
      <TextField label="New password" name="next" type="password" autoComplete="new-password" required />
      <p className="text-xs text-muted">At least 10 characters. Changing it signs you out everywhere, here too.</p>
      {change.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {errorMessage(change.error)}
        </p>
      ) : null}
      <Button type="submit" disabled={change.isPending}>
        {change.isPending ? "Changing…" : "Change password"}
      </Button>
    </form>
  );
}
