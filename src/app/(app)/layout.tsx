import { TRPCError } from "@trpc/server";
import { redirect } from "next/navigation";
import { AccessEnded } from "@/components/auth/access-ended";
import { AppShell } from "@/components/shell/app-shell";
import { getSession, serverCaller } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const session = await getSession();
  if (!session) redirect("/sign-in");
  const caller = await serverCaller();
  const [me, workspace] = await Promise.all([
    caller.auth.me(),
    caller.workspace.current().catch((error: unknown) => {
      // Deactivated or removed from every workspace: say so rather than fail.
      if (error instanceof TRPCError && error.code === "FORBIDDEN") return null;
      throw error;
    }),
  ]);
  if (!workspace) return <AccessEnded email={session.email} />;
  return (
    <AppShell user={me.user} workspace={workspace}>
      {children}
    </AppShell>
  );
}
