"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { useCan } from "@/components/shell/workspace-context";
import { errorMessage, useTRPC } from "@/trpc/react";

/** GDPR, for owners and admins on a person's page: everything held about them as JSON, or erase it. */
export function PrivacyActions({ type, id, name }: { type: "contact" | "lead"; id: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const allowed = useCan("privacy.manage");
  const erase = useMutation(
    trpc.privacy.erasePerson.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries();
        toast.success("Their data is erased");
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  if (!allowed) return null;
  const download = async () => {
    try {
      const data = await queryClient.fetchQuery(trpc.privacy.exportPerson.queryOptions({ type, id }, { staleTime: 0 }));
      const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `${type}-${id}.json`;
      a.click();
      URL.revokeObjectURL(url);
    } catch (error) {
      toast.error(errorMessage(error));
    }
  };
  return (
    <div className="flex flex-wrap gap-2">
      <Button variant="secondary" size="sm" onClick={() => void download()}>
        Export their data
      </Button>
      <Button
        variant="secondary"
        size="sm"
        disabled={erase.isPending}
        onClick={() => {
          if (window.confirm(`Erase everything held about ${name}? Their details, note, timeline and comments go; this cannot be undone.`)) erase.mutate({ type, id });
        }}
      >
        Erase their data
      </Button>
    </div>
  );
}
