import type { Metadata } from "next";
import { InviteAcceptance } from "@/components/auth/invite-acceptance";
import { getSession } from "@/trpc/server";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await getSession();
  return <InviteAcceptance token={token} signedInAs={session?.email ?? null} />;
}
