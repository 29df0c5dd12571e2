"use client";
import { TeamsSettings } from "./teams-settings";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { toast } from "sonner";
import { SelectField, TextField } from "@/components/ui/field";
import { Button } from "@/components/ui/button";
import { Badge, Card, Empty } from "@/components/ui/card";
import { useCan, useWorkspace } from "@/components/shell/workspace-context";
import { roleLabels, roles, type Role } from "@/shared/permissions";
import { errorMessage, useTRPC } from "@/trpc/react";
import { when } from "../records/format";
import { ListHeader } from "../records/record-list";
import { compactControl } from "../ui/styles";

/**
 * The workspace's people: change a role, deactivate someone (their access ends at once, open
 * pages included; their records stay) or bring them back, or remove them.
 */
export function MembersSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const allowed = useCan("member.manage");
  const { user, role: myRole } = useWorkspace();
  const people = useQuery({ ...trpc.workspace.memberships.queryOptions(), enabled: allowed });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.workspace.pathKey() });
  const done = (message: string) => ({
    onSuccess: async () => {
      await refresh();
      toast.success(message);
    },
    onError: (error: unknown) => toast.error(errorMessage(error)),
  });
  const changeRole = useMutation(trpc.workspace.changeRole.mutationOptions(done("Role changed")));
  const deactivate = useMutation(trpc.workspace.deactivateMember.mutationOptions(done("Member deactivated: their access ended")));
  const reactivate = useMutation(trpc.workspace.reactivateMember.mutationOptions(done("Member reactivated")));
  const remove = useMutation(trpc.workspace.removeMember.mutationOptions(done("Member removed")));
  const endSessions = useMutation(trpc.workspace.endSessions.mutationOptions(done("Their sessions ended: they sign in again on every device")));

  const invitationsList = useQuery({ ...trpc.workspace.invitations.queryOptions(), enabled: allowed });
  const [link, setLink] = useState<{ email: string; url: string } | null>(null);
  const invite = useMutation(
    trpc.workspace.invite.mutationOptions({
      onSuccess: async (r) => {
        setLink({ email: r.email, url: `${window.location.origin}/invite/${r.token}` });
        await refresh();
        toast.success(`Invitation sent to ${r.email}`);
      },
    }),
  );
  const withdraw = useMutation(trpc.workspace.revokeInvitation.mutationOptions(done("Invitation withdrawn")));

  if (!allowed) return <Empty>Only workspace owners and admins manage members.</Empty>;
  // Only an owner may touch an owner or make one.
  const assignable = roles.filter((r) => myRole === "owner" || r !== "owner");

  return (
    <>
      <ListHeader title="Members" />
      <p className="mb-4 max-w-2xl text-sm text-muted">
        Deactivating someone ends their access to this workspace at once, open pages and API keys included; what they did stays, with
        their name. Reactivate them to give it back.
      </p>
      <Card className="mb-4 p-4">
        <h2 className="mb-3 font-semibold">Invite someone</h2>
        <form
          className="flex flex-wrap items-end gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const data = new FormData(e.currentTarget);
            invite.mutate({ email: String(data.get("email") ?? ""), role: String(data.get("role") ?? "member") as Role });
          }}
        >
          <div className="min-w-64 flex-1">
            <TextField label="Email" name="email" type="email" autoComplete="off" error={invite.error ? errorMessage(invite.error) : undefined} />
          </div>
          <SelectField label="Role" name="role" defaultValue="member" options={assignable.map((r) => ({ value: r, label: roleLabels[r] }))} />
          <Button type="submit" disabled={invite.isPending}>
            Send invitation
          </Button>
        </form>
        {link ? (
          <p role="status" className="mt-3 text-sm">
            Sent to {link.email}. The link, to hand over another way (shown only now, valid for 7 days):{" "}
            <code data-testid="invitation-link" className="break-all rounded bg-zinc-100 px-1 dark:bg-zinc-800">
              {link.url}
            </code>
          </p>
        ) : null}
        {invitationsList.data?.length ? (
          <ul aria-label="Pending invitations" className="mt-4 divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
            {invitationsList.data.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center gap-3 py-2" aria-label={i.email}>
                <span className="flex-1">
                  {i.email} · {roleLabels[i.role]} · invited {when(i.createdAt)}
                  {i.invitedByName ? ` by ${i.invitedByName}` : ""} · until {when(i.expiresAt)}
                </span>
                <Button variant="secondary" size="sm" disabled={withdraw.isPending} onClick={() => withdraw.mutate({ id: i.id })}>
                  Withdraw
                </Button>
              </li>
            ))}
          </ul>
        ) : null}
      </Card>
      {people.isLoading ? (
        <p className="text-sm text-muted">Loading members…</p>
      ) : people.error ? (
        <p role="alert">{errorMessage(people.error)}</p>
      ) : (
        <Card>
          <ul className="divide-y divide-zinc-100 dark:divide-zinc-800" aria-label="Members">
            {(people.data ?? []).map((m) => {
              const me = m.userId === user.id;
              const untouchable = m.role === "owner" && myRole !== "owner";
              const disabled = m.disabledAt !== null;
              return (
                <li key={m.userId} className="flex flex-wrap items-center gap-3 px-4 py-3" aria-label={m.name}>
                  <div className="min-w-0 flex-1">
                    <div className="font-medium">
                      {m.name} {me ? <span className="text-xs text-muted">(you)</span> : null}
                    </div>
                    <div className="text-xs text-muted">
                      {m.email} · joined {when(m.joinedAt)}
                      {disabled ? ` · deactivated ${when(m.disabledAt!)}${m.disabledByName ? ` by ${m.disabledByName}` : ""}` : ""}
                    </div>
                  </div>
                  {disabled ? <Badge className="bg-zinc-200 dark:bg-zinc-800">Deactivated</Badge> : null}
                  <select
                    aria-label={`Role of ${m.name}`}
                    className={compactControl}
                    value={m.role}
                    disabled={me || untouchable || changeRole.isPending}
                    onChange={(e) => changeRole.mutate({ userId: m.userId, role: e.target.value as Role })}
                  >
                    {(untouchable ? roles : assignable).map((r) => (
                      <option key={r} value={r}>
                        {roleLabels[r]}
                      </option>
                    ))}
                  </select>
                  {me || untouchable ? null : disabled ? (
                    <Button variant="secondary" size="sm" disabled={reactivate.isPending} onClick={() => reactivate.mutate({ userId: m.userId })}>
                      Reactivate
                    </Button>
                  ) : (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={deactivate.isPending}
                      onClick={() => {
                        if (window.confirm(`Deactivate ${m.name}? Their access to this workspace ends now.`)) deactivate.mutate({ userId: m.userId });
                      }}
                    >
                      Deactivate
                    </Button>
                  )}
                  {me || untouchable || disabled ? null : (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={endSessions.isPending}
                      onClick={() => {
                        if (window.confirm(`End every session of ${m.name}? They are signed out on every device.`)) endSessions.mutate({ userId: m.userId });
                      }}
                    >
                      End sessions
                    </Button>
                  )}
                  {me || untouchable ? null : (
                    <Button
                      variant="secondary"
                      size="sm"
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(`Remove ${m.name} from this workspace?`)) remove.mutate({ userId: m.userId });
                      }}
                    >
                      Remove
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
      )}
      <TeamsSettings />
    </>
  );
}
