"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Lock, Users } from "lucide-react";
import { toast } from "sonner";
import { Card } from "@/components/ui/card";
import { useWorkspace } from "@/components/shell/workspace-context";
import { seesAllRecords, type RecordObject } from "@/shared/permissions";
import { errorMessage, useTRPC } from "@/trpc/react";
import { compactControl } from "../ui/styles";

/** Who sees this record: the workspace, or (where the workspace allows it) its owner, a team and the admins. */
export function VisibilityCard({ recordType, recordId }: { recordType: RecordObject; recordId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { user, role } = useWorkspace();
  const key = { object: recordType, id: recordId };
  const info = useQuery(trpc.records.visibility.queryOptions(key));
  const data = info.data;
  const teams = useQuery({ ...trpc.teams.list.queryOptions(), enabled: Boolean(data?.canChange) });
  const set = useMutation(
    trpc.records.setVisibility.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.records.visibility.queryKey(key), next);
        toast.success(next.visibility === "workspace" ? "The whole workspace sees it now" : "Saved: fewer people see it now");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  if (!data || (!data.privateRecordsAllowed && data.visibility === "workspace")) return null;
  // Teams one may share with: one's own (admins: any).
  const mine = (teams.data ?? []).filter((t) => seesAllRecords(role) || t.members.some((m) => m.userId === user.id));
  const current = data.visibility === "team" ? `team:${data.teamId}` : data.visibility;
  const owner = data.ownerName ?? "its owner";
  const sentence =
    data.visibility === "private"
      ? `Private: only ${owner} and the workspace's admins see it.`
      : data.visibility === "team"
        ? `Private to ${data.teamName ?? "a deleted team"}: its members, ${owner} and the admins see it.`
        : "The whole workspace sees it.";
  return (
    <Card className="space-y-2 p-4" aria-label="Who sees this">
      <p className="flex items-center gap-2 text-sm" role="status">
        {data.visibility === "workspace" ? <Users className="size-4 shrink-0" aria-hidden /> : <Lock className="size-4 shrink-0" aria-hidden />}
        {sentence}
      </p>
      {data.canChange ? (
        <select
          aria-label="Who may see it"
          className={compactControl}
          value={current}
          disabled={set.isPending}
          onChange={(e) => {
            const v = e.target.value;
            if (v.startsWith("team:")) set.mutate({ ...key, visibility: "team", teamId: v.slice(5) });
            else set.mutate({ ...key, visibility: v as "workspace" | "private" });
          }}
        >
          <option value="workspace">The whole workspace</option>
          <option value="private">Only {owner} (and the admins)</option>
          {mine.map((t) => (
            <option key={t.id} value={`team:${t.id}`}>
              The team {t.name}
            </option>
          ))}
          {data.visibility === "team" && !mine.some((t) => t.id === data.teamId) ? <option value={current}>The team {data.teamName ?? "(deleted)"}</option> : null}
        </select>
      ) : null}
    </Card>
  );
}
