import { Redis as RedisExtension } from "@hocuspocus/extension-redis";
import type { afterLoadDocumentPayload, onStoreDocumentPayload } from "@hocuspocus/server";
import IORedis from "ioredis";
import type { Logger } from "@/server/observability/logger";

/** How long opening or storing a document waits for Redis before going on without it. */
const REDIS_PATIENCE_MS = 1500;

const settlesWithin = <T>(work: Promise<T>, ms: number) =>
  Promise.race([work.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), ms))]);

/**
 * Hocuspocus's Redis extension, which joins several collab-servers, made to degrade rather than
 * stop when Redis goes away: documents still open and are served (and stored, by our own update
 * log) by the server people are connected to. The subscription and the messages for the other
 * servers wait in the client's queue and go out when Redis is back, which is when the servers
 * relay to each other again. (Without this, opening a document waited for Redis forever.)
 */
export class ResilientRedisExtension extends RedisExtension {
  constructor(url: string, private readonly log: Logger) {
    let reported = false;
    super({
      createClient: () => {
        const client = new IORedis(url, { maxRetriesPerRequest: null });
        client.on("error", (error: Error) => {
          if (reported) return;
          reported = true;
          log.warn({ err: error.message }, "Redis is unreachable: serving each server's own people until it is back");
        });
        client.on("ready", () => {
          if (reported) log.info("Redis is back: relaying between servers again");
          reported = false;
        });
        return client;
      },
    } as never);
  }

  override async afterLoadDocument(data: afterLoadDocumentPayload) {
    // Joined within a moment, or the document is served alone meanwhile (never refused for Redis).
    const joining = super.afterLoadDocument(data).catch((error: unknown) => {
      this.log.warn({ documentName: data.documentName, err: error }, "could not join the other servers on this document");
    });
    await settlesWithin(joining, REDIS_PATIENCE_MS);
  }

  override async onStoreDocument(data: onStoreDocumentPayload) {
    // The lock keeps two servers from storing at once; our store is safe without it (PostgreSQL
    // locks each document), so while Redis is away, storing goes on unlocked.
    const locking = super.onStoreDocument(data);
    if (!(await settlesWithin(locking.catch(() => undefined), REDIS_PATIENCE_MS))) {
      locking.catch(() => {});
      return;
    }
    await locking;
  }
}
