"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import type { FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage, useTRPC } from "@/trpc/react";
import { enterWorkspace } from "./invite-acceptance";

/** Shown to someone signed in who belongs to no workspace yet (new through single sign-on). */
export function FirstWorkspace({ name, email }: { name: string; email: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const create = useMutation(trpc.auth.createWorkspace.mutationOptions({ onSuccess: (r) => enterWorkspace(router, r.workspaceId) }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate({ name: String(new FormData(event.currentTarget).get("workspaceName") ?? "") });
  }

  return (
    <main className="flex min-h-dvh items-center justify-center bg-zinc-50 px-4 dark:bg-zinc-950">
      <Card className="w-full max-w-md space-y-4 p-6">
        <h1 className="text-xl font-semibold">Welcome, {name}</h1>
        <p className="text-sm">
          You are signed in as {email} but not part of a workspace yet. Joining your team? Ask an admin of its workspace to invite {email}. Or start
          a workspace of your own:
        </p>
        <form onSubmit={onSubmit} className="space-y-4" noValidate>
          <TextField label="Workspace name" name="workspaceName" required />
          {create.error ? (
            <p role="alert" className="text-sm text-red-600 dark:text-red-400">
              {errorMessage(create.error)}
            </p>
          ) : null}
          <div className="flex gap-2">
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? "Creating…" : "Create workspace"}
            </Button>
            <Button variant="ghost" onClick={() => void signOut({ callbackUrl: "/sign-in" })}>
              Sign out
            </Button>
          </div>
        </form>
      </Card>
    </main>
  );
}
