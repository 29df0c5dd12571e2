import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { AccessEnded } from "@/components/auth/access-ended";
import { FirstWorkspace } from "@/components/auth/first-workspace";
import { TwoFactorRequired } from "@/components/auth/two-factor-required";
import { AppError } from "@/shared/errors";
import { AppShell } from "@/components/shell/app-shell";
import { getSession, serverCaller } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  const caller = await serverCaller();
  const [me, current] = await Promise.all([
    caller.auth.me(),
    caller.workspace.current().then(
      (workspace) => ({ workspace }),
      (error: unknown) => ({ error }),
    ),
  ]);
  if ("error" in current) {
    const error = current.error;
    if (!(error instanceof TRPCError && error.code === "FORBIDDEN")) throw error;
    // The workspace requires a second factor this person has not set up yet.
    if (error.cause instanceof AppError && error.cause.appCode === "workspace.two_factor_required") return <TwoFactorRequired />;
    // Signed in (by single sign-on, say) but in no workspace yet: start one.
    if (me.workspaces.length === 0 && me.deactivatedMemberships === 0) return <FirstWorkspace name={me.user.name} email={me.user.email} />;
    // Otherwise deactivated or removed from every workspace: say so rather than fail.
    return <AccessEnded email={session.email} />;
  }
  const { workspace } = current;
  return (
    <AppShell user={me.user} workspace={workspace}>
      {children}
    </AppShell>
  );
}
