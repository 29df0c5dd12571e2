import { Server, type Extension } from "@hocuspocus/server";
import { ResilientRedisExtension } from "./extensions/resilient-redis";
import type { Db } from "@/server/db/client";
import type { Logger } from "@/server/observability/logger";
import { AuthExtension } from "./extensions/auth";
import { collabMetrics, ObservabilityExtension } from "./extensions/observability";
import { PersistenceExtension } from "./extensions/persistence";
import { RecordSyncExtension } from "./extensions/record-sync";

export interface CollabServerOptions {
  db: Db;
  /** The update log's own connection, so that appends never wait behind loads and stores for one (the main pool when not given). */
  logDb?: Db;
  secret: string;
  log: Logger;
  port: number;
  host?: string;
  redisUrl?: string;
  /**
   * Quiet time after an edit before the document's snapshot is stored (2 s); one kept busy is
   * stored at least every 30 s (or `debounce`, if longer). Snapshots only shorten the log a load
   * replays: the update log makes every acknowledged edit durable regardless.
   */
  debounce?: number;
  /** Quiet time after a live edit before it is written into the record's row. */
  writeDelay?: number;
  /** Bytes of edits held in memory while the database is away before new ones are turned away (64 MiB). */
  maxLogBacklogBytes?: number;
}

export function createCollabServer(opts: CollabServerOptions) {
  const metrics = collabMetrics();
  const persistence = new PersistenceExtension({ db: opts.db, logDb: opts.logDb, log: opts.log, metrics, maxLogBacklogBytes: opts.maxLogBacklogBytes });
  const extensions: Extension[] = [
    new ObservabilityExtension(metrics),
    new AuthExtension({ db: opts.db, secret: opts.secret, log: opts.log, metrics }),
    persistence,
    new RecordSyncExtension({ db: opts.db, log: opts.log, writeDelay: opts.writeDelay, updateLog: persistence.log }),
  ];
  if (opts.redisUrl) {
    extensions.push(new ResilientRedisExtension(opts.redisUrl, opts.log));
  }
  return new Server({
    name: "mycrm-collab",
    port: opts.port,
    address: opts.host ?? "0.0.0.0",
    quiet: true,
    stopOnSignals: false,
    debounce: opts.debounce ?? 2000,
    maxDebounce: Math.max(opts.debounce ?? 0, 30_000),
    extensions,
  });
}
