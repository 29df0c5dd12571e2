"use client";
import { useQuery } from "@tanstack/react-query";
import { useId } from "react";
import type { RecordObject } from "@/shared/permissions";
import { useTRPC } from "@/trpc/react";

/** A record's tags as one text input ("vip, partner"), suggesting the workspace's tags. */
export function TagsField({ object, defaultValue, error }: { object: RecordObject; defaultValue?: string[]; error?: string }) {
  const trpc = useTRPC();
  const id = useId();
  const tags = useQuery(trpc.tags.list.queryOptions({ object }, { staleTime: 60_000 })).data ?? [];
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-700 dark:text-zinc-300">
        Tags
      </label>
      <input
        id={id}
        name="tags"
        list={`${id}-suggestions`}
        defaultValue={defaultValue?.join(", ") ?? ""}
        placeholder="vip, partner"
        autoComplete="off"
        aria-describedby={`${id}-hint`}
        className="block w-full rounded-md border border-zinc-300 bg-white px-3 py-2 text-sm shadow-sm placeholder:text-zinc-400 focus:border-brand-500 focus:ring-1 focus:ring-brand-500 focus:outline-none disabled:opacity-60 dark:border-zinc-700 dark:bg-zinc-900"
      />
      <datalist id={`${id}-suggestions`}>
        {tags.map((t) => (
          <option key={t.tag} value={t.tag} />
        ))}
      </datalist>
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {error}
        </p>
      ) : (
        <p id={`${id}-hint`} className="text-xs text-muted">
          Separate tags with commas.
        </p>
      )}
    </div>
  );
}

/** The tags typed into a form: split on commas, trimmed, lower-cased, once each. */
export function readTags(data: FormData): string[] {
  return [...new Set(String(data.get("tags") ?? "").split(",").map((t) => t.trim().toLowerCase()).filter(Boolean))];
}
