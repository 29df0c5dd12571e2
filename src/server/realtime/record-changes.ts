import { EventEmitter, on } from "node:events";
import { z } from "zod";
import type { Db } from "@/server/db/client";

export const changedTypes = ["company", "contact", "deal", "lead", "task"] as const;
export type ChangedType = (typeof changedTypes)[number];
export interface RecordChange {
  workspaceId: string;
  type: ChangedType;
}

const payload = z.object({ w: z.uuid(), t: z.enum(changedTypes) });

/**
 * One LISTEN per process on `record_changes` (sent by statement triggers when a transaction that
 * changed records commits), fanned out in memory to the open subscriptions.
 */
class ChangeHub {
  private readonly events = new EventEmitter();
  private listening: Promise<unknown> | null = null;

  constructor(private readonly db: Db) {
    this.events.setMaxListeners(0);
  }

  start() {
    this.listening ??= this.db.$client.listen("record_changes", (raw: string) => {
      const parsed = payload.safeParse(JSON.parse(raw));
      if (parsed.success) this.events.emit("change", { workspaceId: parsed.data.w, type: parsed.data.t } satisfies RecordChange);
    });
    return this.listening;
  }

  /** Every change of every workspace, until the returned function is called. */
  subscribe(listener: (change: RecordChange) => void): () => void {
    this.events.on("change", listener);
    return () => this.events.off("change", listener);
  }

  /** The changes of one workspace, as they commit, until the signal aborts. */
  async *changes(workspaceId: string, signal: AbortSignal | undefined): AsyncGenerator<RecordChange> {
    await this.start();
    for await (const [change] of on(this.events, "change", { signal }) as AsyncIterable<[RecordChange]>) {
      if (change.workspaceId === workspaceId) yield change;
    }
  }
}

const hubs = new WeakMap<Db, ChangeHub>();
export function changeHub(db: Db) {
  let hub = hubs.get(db);
  if (!hub) {
    hub = new ChangeHub(db);
    hubs.set(db, hub);
  }
  return hub;
}
