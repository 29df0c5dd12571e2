"use client";
import { useState } from "react";
import { toast } from "sonner";

/** JSON with object keys in order, so that {a, b} and {b, a} compare equal. */
function stable(value: unknown): string {
  return JSON.stringify(value ?? null, (_k, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

const same = (a: unknown, b: unknown) => stable(a) === stable(b);

/**
 * Editing a record that others may change meanwhile: the form opens with the record's values and
 * keeps what the person typed even when a refetch brings newer values; on save it sends only the
 * fields this person changed, so it never writes back stale values of the others. After one's
 * own save (or move), `reset` reopens the form on the stored record.
 */
export function useRecordForm<T extends object>(record: T) {
  const [state, setState] = useState({ base: record, version: 0 });
  return {
    key: state.version,
    initial: state.base,
    changes<V extends object>(values: V): Partial<V> {
      const base = state.base as Record<string, unknown>;
      const changed: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(values)) {
        if (k === "custom") {
          // Custom fields: only the values this person changed, each by field id.
          const before = (base.custom ?? {}) as Record<string, unknown>;
          const diff = Object.fromEntries(
            Object.entries((v ?? {}) as Record<string, unknown>).filter(([id, x]) => !same(x, before[id])),
          );
          if (Object.keys(diff).length) changed.custom = diff;
        } else if (!same(v, base[k])) changed[k] = v;
      }
      return changed as Partial<V>;
    },
    reset(next: T) {
      setState((s) => ({ base: next, version: s.version + 1 }));
    },
  };
}

/**
 * The details form of a record page: opens on the record, saves only what changed, then reopens
 * on the stored record.
 */
export function useRecordEditor<T extends object, V extends object>(
  record: T,
  save: (changes: Partial<V>) => Promise<unknown>,
  reload: () => Promise<T>,
) {
  const form = useRecordForm(record);
  return {
    key: form.key,
    initial: form.initial,
    async onSubmit(values: V) {
      const changes = form.changes(values);
      if (Object.keys(changes).length === 0) {
        toast.info("Nothing to save: no field was changed.");
        return;
      }
      await save(changes);
      form.reset(await reload());
      toast.success("Saved");
    },
  };
}
