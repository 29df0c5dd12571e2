"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import { errorMessage, useTRPC } from "@/trpc/react";
import { compactControl } from "../ui/styles";

/** Teams, for records private to a team: admins make them and choose who is in. */
export function TeamsSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const members = useQuery(trpc.workspace.members.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.teams.list.queryKey() });
  const fail = (e: unknown) => toast.error(errorMessage(e));
  const create = useMutation(trpc.teams.create.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.teams.delete.mutationOptions({ onSuccess: refresh, onError: fail }));
  const setMember = useMutation(trpc.teams.setMember.mutationOptions({ onSuccess: refresh, onError: fail }));
  return (
    <section aria-label="Teams" className="mt-8">
      <h2 className="mb-1 font-semibold">Teams</h2>
      <p className="mb-3 max-w-2xl text-sm text-muted">Where private records are allowed, a record can be shared with one team only.</p>
      <Card className="p-4">
        {teams.data?.length ? (
          <ul className="mb-4 divide-y divide-zinc-100 dark:divide-zinc-800">
            {teams.data.map((t) => {
              const outside = (members.data ?? []).filter((m) => !t.members.some((x) => x.userId === m.userId));
              return (
                <li key={t.id} aria-label={t.name} className="space-y-2 py-3">
                  <div className="flex items-center gap-2">
                    <span className="flex-1 font-medium">{t.name}</span>
                    <Button
                      variant="ghost"
                      size="sm"
                      onClick={() => {
                        if (window.confirm(`Delete the team “${t.name}”? Its records stay visible to their owners and the admins.`)) remove.mutate({ id: t.id });
                      }}
                    >
                      Delete
                    </Button>
                  </div>
                  <div className="flex flex-wrap items-center gap-2 text-sm">
                    {t.members.map((m) => (
                      <span key={m.userId} className="inline-flex items-center gap-1 rounded-full bg-zinc-100 px-2 py-0.5 dark:bg-zinc-800">
                        {m.name}
                        <button
                          type="button"
                          className="text-muted hover:text-red-600"
                          aria-label={`Take ${m.name} out of ${t.name}`}
                          onClick={() => setMember.mutate({ teamId: t.id, userId: m.userId, member: false })}
                        >
                          ×
                        </button>
                      </span>
                    ))}
                    {outside.length ? (
                      <select
                        aria-label={`Add someone to ${t.name}`}
                        className={compactControl}
                        value=""
                        onChange={(e) => e.target.value && setMember.mutate({ teamId: t.id, userId: e.target.value, member: true })}
                      >
                        <option value="">Add someone…</option>
                        {outside.map((m) => (
                          <option key={m.userId} value={m.userId}>
                            {m.name}
                          </option>
                        ))}
                      </select>
                    ) : null}
                  </div>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="mb-4 text-sm text-muted">No teams yet.</p>
        )}
        <form
          className="flex flex-wrap items-end gap-2"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const form = e.currentTarget;
            create.mutate({ name: String(new FormData(form).get("teamName") ?? "") }, { onSuccess: () => form.reset() });
          }}
        >
          <div className="min-w-48 flex-1">
            <TextField label="New team" name="teamName" error={create.error ? errorMessage(create.error) : undefined} />
          </div>
          <Button type="submit" disabled={create.isPending}>
            Add team
          </Button>
        </form>
      </Card>
    </section>
  );
}
