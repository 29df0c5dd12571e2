"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { errorMessage, useTRPC } from "@/trpc/react";

/** Recovery codes, shown once: to print or store in a password manager. */
function RecoveryCodes({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  return (
    <div className="space-y-3">
      <p className="text-sm">
        Keep these recovery codes somewhere safe. Each one signs you in once if you lose your phone. They are shown only now.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md bg-zinc-100 p-3 font-mono text-sm dark:bg-zinc-800">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <div className="flex gap-2">
        <Button variant="secondary" onClick={() => void navigator.clipboard?.writeText(codes.join("\n")).then(() => toast.success("Copied"))}>
          Copy
        </Button>
        <Button onClick={onDone}>I have saved them</Button>
      </div>
    </div>
  );
}

const codeOf = (e: FormEvent<HTMLFormElement>) => String(new FormData(e.currentTarget).get("code") ?? "");

/**
 * Two-factor sign-in for the signed-in person: set up with an authenticator app (QR code or the
 * key typed in), confirmed by a first code; then turned off or new recovery codes, each with a code.
 */
export function TwoFactorSetup({ onEnabled }: { onEnabled?: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const status = useQuery(trpc.auth.twoFactor.status.queryOptions());
  const [codes, setCodes] = useState<string[] | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.auth.twoFactor.pathKey() });
  const start = useMutation(trpc.auth.twoFactor.start.mutationOptions({ onError: (e) => toast.error(errorMessage(e)) }));
  const confirm = useMutation(
    trpc.auth.twoFactor.confirm.mutationOptions({
      onSuccess: async (r) => {
        setCodes(r.recoveryCodes);
        await refresh();
        toast.success("Two-factor sign-in is on");
      },
    }),
  );
  const disable = useMutation(
    trpc.auth.twoFactor.disable.mutationOptions({
      onSuccess: async () => {
        start.reset();
        await refresh();
        toast.success("Two-factor sign-in is off");
      },
    }),
  );
  const regenerate = useMutation(trpc.auth.twoFactor.recoveryCodes.mutationOptions({ onSuccess: (r) => setCodes(r.recoveryCodes) }));

  if (codes) {
    return (
      <RecoveryCodes
        codes={codes}
        onDone={() => {
          setCodes(null);
          onEnabled?.();
        }}
      />
    );
  }
  if (status.isLoading) return <p className="text-sm text-muted">Loading…</p>;
  if (status.data?.enabled) {
    return (
      <div className="space-y-4">
        <p className="text-sm">
          <strong>On.</strong> Signing in asks for a code from your authenticator app. {status.data.recoveryCodesLeft} recovery codes left.
        </p>
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            const code = codeOf(e);
            const action = (e.nativeEvent as SubmitEvent).submitter?.getAttribute("value");
            if (action === "off") disable.mutate({ code });
            else regenerate.mutate({ code });
          }}
        >
          <div className="w-48">
            <TextField label="Current code" name="code" inputMode="numeric" autoComplete="one-time-code" error={disable.error ? errorMessage(disable.error) : regenerate.error ? errorMessage(regenerate.error) : undefined} />
          </div>
          <Button type="submit" variant="secondary" name="action" value="codes" disabled={regenerate.isPending}>
            New recovery codes
          </Button>
          <Button type="submit" variant="secondary" name="action" value="off" disabled={disable.isPending}>
            Turn off
          </Button>
        </form>
      </div>
    );
  }
  if (!start.data) {
    return (
      <div className="space-y-3">
        <p className="text-sm">Off. With it on, signing in also asks for a code from an authenticator app on your phone.</p>
        <Button onClick={() => start.mutate()} disabled={start.isPending}>
          Set up two-factor sign-in
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-4">
      <p className="text-sm">Scan this code with an authenticator app (1Password, Google Authenticator, Authy…), or type the key in it.</p>
      {/* eslint-disable-next-line @next/next/no-img-element -- a data URL made on the server */}
      <img src={start.data.qr} alt="QR code to scan with your authenticator app" width={220} height={220} className="rounded bg-white p-1" />
      <p className="text-sm">
        Key: <code data-testid="totp-secret" className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono dark:bg-zinc-800">{start.data.secret}</code>
      </p>
      <form
        className="flex flex-wrap items-end gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          confirm.mutate({ code: codeOf(e) });
        }}
      >
        <div className="w-48">
          <TextField label="Code from the app" name="code" inputMode="numeric" autoComplete="one-time-code" error={confirm.error ? errorMessage(confirm.error) : undefined} />
        </div>
        <Button type="submit" disabled={confirm.isPending}>
          Turn on
        </Button>
      </form>
    </div>
  );
}
