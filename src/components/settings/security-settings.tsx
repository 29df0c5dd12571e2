"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Card } from "@/components/ui/card";
import { useCan } from "@/components/shell/workspace-context";
import { errorMessage, useTRPC } from "@/trpc/react";
import { ListHeader } from "../records/record-list";
import { TwoFactorSetup } from "./two-factor-setup";
import { ChangePassword } from "./change-password";

/** The person's own sign-in security, and (for admins) what the workspace requires of everyone. */
export function SecuritySettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const admin = useCan("workspace.update");
  const security = useQuery(trpc.workspace.security.queryOptions());
  const set = useMutation(
    trpc.workspace.setSecurity.mutationOptions({
      onSuccess: async (r, input) => {
        await queryClient.invalidateQueries({ queryKey: trpc.workspace.security.queryKey() });
        if (input.requireTwoFactor !== undefined) toast.success(r.requireTwoFactor ? "Everyone now needs two-factor sign-in" : "Two-factor sign-in is now optional");
        else toast.success(r.privateRecords ? "Records can now be made private" : "Every record is visible to the whole workspace again");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  return (
    <>
      <ListHeader title="Security" />
      <div className="max-w-2xl space-y-6">
        <Card className="p-4">
          <h2 className="mb-3 font-semibold">Password</h2>
          <ChangePassword />
        </Card>
        <Card className="p-4">
          <h2 className="mb-3 font-semibold">Two-factor sign-in</h2>
          <TwoFactorSetup />
        </Card>
        {admin ? (
          <Card className="p-4">
            <h2 className="mb-3 font-semibold">This workspace</h2>
            <label className="flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={security.data?.requireTwoFactor ?? false}
                disabled={!security.data || set.isPending}
                onChange={(e) => set.mutate({ requireTwoFactor: e.target.checked })}
              />
              <span>
                Require two-factor sign-in for everyone. Members without it are asked to set it up before they can do anything else here; API
                keys are not affected.
              </span>
            </label>
            <label className="mt-3 flex items-start gap-2 text-sm">
              <input
                type="checkbox"
                className="mt-0.5"
                checked={security.data?.privateRecords ?? false}
                disabled={!security.data || set.isPending}
                onChange={(e) => set.mutate({ privateRecords: e.target.checked })}
              />
              <span>
                Allow private records. A record&apos;s owner can then make it visible to themselves only; owners and admins still see everything.
                Turned off, every record is visible to the whole workspace again.
              </span>
            </label>
          </Card>
        ) : null}
      </div>
    </>
  );
}
