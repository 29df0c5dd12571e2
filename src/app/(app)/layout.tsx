import { redirect } from "next/navigation";
import { AppShell } from "@/components/shell/app-shell";
import { getSession, serverCaller } from "@/trpc/server";

export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  if (!(await getSession())) redirect("/sign-in");
  const caller = await serverCaller();
  const [me, workspace] = await Promise.all([caller.auth.me(), caller.workspace.current()]);
  return (
    <AppShell user={me.user} workspace={workspace}>
      {children}
    </AppShell>
  );
}
