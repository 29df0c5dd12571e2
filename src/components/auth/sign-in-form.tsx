"use client";
import Link from "next/link";
import { useRouter, useSearchParams } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button, buttonClassName } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { TOTP_REQUIRED } from "@/shared/two-factor";
import { ssoErrorMessages } from "@/shared/sso";

/** Only a path on this site: never `//elsewhere.com` or an absolute URL to another origin. */
export function safeNext(next: string | null): string {
  if (!next) return "/deals";
  try {
    const url = new URL(next, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : "/deals";
  } catch {
    return "/deals";
  }
}

/** The single sign-on providers the server offers (names for the buttons), or null each. */
export interface SsoButtons {
  oidc: string | null;
  saml: string | null;
}

export function SignInForm({ sso }: { sso: SsoButtons }) {
  const router = useRouter();
  const params = useSearchParams();
  // A single sign-on that came back refused says why (next-auth's own codes too).
  const ssoError = params.get("sso_error") ?? params.get("error");
  const [error, setError] = useState<string | null>(ssoError ? (ssoErrorMessages[ssoError] ?? "Single sign-on did not work. Start again.") : null);
  const [pending, setPending] = useState(false);
  // Asked for once the password was right and the account has two-factor sign-in.
  const [needCode, setNeedCode] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      code: String(form.get("code") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (result?.error === TOTP_REQUIRED) {
      setNeedCode(true);
      setError(null);
      return;
    }
    if (!result || result.error) {
      // The server's own sentence (locked, slow down, too many attempts), or the usual mismatch.
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "That email and password do not match an account.");
      return;
    }
    router.replace(safeNext(params.get("callbackUrl")));
    router.refresh();
  }

  return (
    <Card className="p-6">
      <h1 className="mb-1 text-xl font-semibold">Sign in</h1>
      <p className="mb-6 text-sm text-muted">
        {params.get("changed") ? "Your password is changed. Sign in with the new one." : "Welcome back. Your pipeline is waiting."}
      </p>
      <form onSubmit={onSubmit} className="space-y-4" noValidate>
        <TextField label="Email" name="email" type="email" autoComplete="email" required />
        <TextField label="Password" name="password" type="password" autoComplete="current-password" required />
        <p className="-mt-2 text-right text-sm">
          <Link href="/forgot-password" className="text-brand-600 hover:underline">
            Forgot your password?
          </Link>
        </p>
        {needCode ? (
          <>
            <p className="text-sm">{TOTP_REQUIRED}</p>
            <TextField label="Authentication code" name="code" inputMode="numeric" autoComplete="one-time-code" autoFocus required />
          </>
        ) : null}
        {error ? (
          <p role="alert" className="text-sm text-red-600 dark:text-red-400">
            {error}
          </p>
        ) : null}
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {sso.oidc || sso.saml ? (
        <div className="mt-6 space-y-2 border-t border-zinc-200 pt-6 dark:border-zinc-800">
          {sso.oidc ? (
            <Button type="button" variant="secondary" className="w-full" onClick={() => void signIn("oidc", { callbackUrl: safeNext(params.get("callbackUrl")) })}>
              Continue with {sso.oidc}
            </Button>
          ) : null}
          {sso.saml ? (
            <a
              className={buttonClassName("secondary", "md", "w-full")}
              href={`/api/sso/saml/login?callbackUrl=${encodeURIComponent(safeNext(params.get("callbackUrl")))}`}
            >
              Continue with {sso.saml}
            </a>
          ) : null}
        </div>
      ) : null}
      <p className="mt-6 text-center text-sm text-muted">
        New to MyCRM?{" "}
        <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
          Create a workspace
        </Link>
      </p>
    </Card>
  );
}
