"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Lock, Users } from "lucide-react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { RecordObject } from "@/shared/permissions";
import { errorMessage, useTRPC } from "@/trpc/react";

/** Who sees this record: the workspace, or (where the workspace allows it) its owner and the admins. */
export function VisibilityCard({ recordType, recordId }: { recordType: RecordObject; recordId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = { object: recordType, id: recordId };
  const info = useQuery(trpc.records.visibility.queryOptions(key));
  const set = useMutation(
    trpc.records.setVisibility.mutationOptions({
      onSuccess: (data) => {
        queryClient.setQueryData(trpc.records.visibility.queryKey(key), data);
        toast.success(data.visibility === "private" ? "Only the owner and admins see it now" : "The whole workspace sees it now");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const data = info.data;
  if (!data || (!data.privateRecordsAllowed && data.visibility === "workspace")) return null;
  const isPrivate = data.visibility === "private";
  return (
    <Card className="flex flex-wrap items-center gap-3 p-4" aria-label="Who sees this">
      {isPrivate ? <Lock className="size-4" aria-hidden /> : <Users className="size-4" aria-hidden />}
      <p className="flex-1 text-sm" role="status">
        {isPrivate ? `Private: only ${data.ownerName ?? "its owner"} and the workspace's admins see it.` : "The whole workspace sees it."}
      </p>
      {data.canChange ? (
        <Button variant="secondary" size="sm" disabled={set.isPending} onClick={() => set.mutate({ ...key, visibility: isPrivate ? "workspace" : "private" })}>
          {isPrivate ? "Share with the workspace" : "Make private"}
        </Button>
      ) : null}
    </Card>
  );
}
