"use client";
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage, fieldErrors, useTRPC } from "@/trpc/react";
import { signUpInput } from "@/shared/schemas/auth";

export function SignUpForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string | undefined>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const signUp = useMutation(trpc.auth.signUp.mutationOptions());

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const values = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const parsed = signUpInput.safeParse(values);
    setFormError(null);
    if (!parsed.success) {
      const fe = z.flattenError(parsed.error).fieldErrors as Record<string, string[] | undefined>;
      setErrors(Object.fromEntries(Object.entries(fe).map(([k, v]) => [k, v?.[0]])));
      return;
    }
    setErrors({});
    try {
      await signUp.mutateAsync(parsed.data);
    } catch (error) {
      setErrors(fieldErrors(error));
      setFormError(errorMessage(error));
      return;
    }
    const result = await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirect: false });
    if (!result || result.error) {
      setFormError("Your account was created, but signing in failed. Try signing in.");
      return;
    }
    router.replace("/deals");
    router.refresh();
  }

  return (
    <Card className="p-6">
      <h1 className="mb-1 text-xl font-semibold">Create your workspace</h1>
      <p className="mb-6 text-sm text-muted">You will be its owner and can invite your team.</p>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <TextField label="Your name" name="name" autoComplete="name" error={errors.name} required />
        <TextField label="Work email" name="email" type="email" autoComplete="email" error={errors.email} required />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 10 characters."
          error={errors.password}
          required
        />
        <TextField label="Workspace name" name="workspaceName" placeholder="Your company" error={errors.workspaceName} required />
        {formError ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {formError}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={signUp.isPending}>
          {signUp.isPending ? "Creating…" : "Create workspace"}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-muted">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </Card>
  );
}
