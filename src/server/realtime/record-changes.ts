import { EventEmitter, on } from "node:events";
import { z } from "zod";
import type { Db } from "@/server/db/client";

export const changedTypes = ["company", "contact", "deal", "lead", "task", "comment", "document"] as const;
export type ChangedType = (typeof changedTypes)[number];
export interface RecordChange {
  workspaceId: string;
  type: ChangedType | "notification";
  /** For a notification: whose. */
  userId?: string;
}

const payload = z.object({ w: z.uuid(), t: z.enum(changedTypes) });

/** A member's role changed or their membership ended: what they may see must be checked again. */
export interface AccessChange {
  workspaceId: string;
  /** Whose access changed; absent: maybe anyone's in the workspace (a record's visibility, a setting). */
  userId?: string;
  /** All their sessions were ended: close everything of theirs, whatever their rights. */
  sessionsEnded?: boolean;
}
const accessPayload = z.object({ w: z.uuid(), u: z.uuid().optional(), all: z.boolean().optional() });
const notificationPayload = z.object({ w: z.uuid(), u: z.uuid() });

/** Someone's notifications changed (a new one, one read). */
export interface NotificationChange {
  workspaceId: string;
  userId: string;
}

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
    this.listening ??= Promise.all([
      this.db.$client.listen("record_changes", (raw: string) => {
        const parsed = payload.safeParse(JSON.parse(raw));
        if (parsed.success) this.events.emit("change", { workspaceId: parsed.data.w, type: parsed.data.t } satisfies RecordChange);
      }),
      this.db.$client.listen("notification_changes", (raw: string) => {
        const parsed = notificationPayload.safeParse(JSON.parse(raw));
        if (parsed.success) this.events.emit("change", { workspaceId: parsed.data.w, type: "notification", userId: parsed.data.u } satisfies RecordChange);
      }),
      this.db.$client.listen("access_changes", (raw: string) => {
        const parsed = accessPayload.safeParse(JSON.parse(raw));
        if (parsed.success) this.events.emit("access", { workspaceId: parsed.data.w, userId: parsed.data.u, sessionsEnded: parsed.data.all === true } satisfies AccessChange);
      }),
    ]);
    return this.listening;
  }

  /** Every access change, until the returned function is called. */
  onAccessChange(listener: (change: AccessChange) => void): () => void {
    this.events.on("access", listener);
    return () => this.events.off("access", listener);
  }

  /** Every change of every workspace, until the returned function is called. */
  subscribe(listener: (change: RecordChange) => void): () => void {
    this.events.on("change", listener);
    return () => this.events.off("change", listener);
  }

  /**
   * The changes of one workspace, as they commit, until the signal aborts — or until the user's
   * access to it changes (the subscriber checks again and subscribes anew, or is refused).
   */
  async *changes(workspaceId: string, signal: AbortSignal | undefined, userId?: string): AsyncGenerator<RecordChange> {
    await this.start();
    const stop = new AbortController();
    const abort = () => stop.abort();
    if (signal?.aborted) return;
    signal?.addEventListener("abort", abort, { once: true });
    const off = this.onAccessChange((c) => c.workspaceId === workspaceId && c.userId === userId && abort());
    try {
      for await (const [change] of on(this.events, "change", { signal: stop.signal }) as AsyncIterable<[RecordChange]>) {
        if (change.workspaceId === workspaceId) yield change;
      }
    } catch (error) {
      if (!stop.signal.aborted) throw error;
    } finally {
      off();
      signal?.removeEventListener("abort", abort);
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
