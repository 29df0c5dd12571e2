import { and, eq } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createDatabase } from "@/server/db/client";
import { documents, documentUpdates } from "@/server/db/schema";
import { COLLAB_UNAVAILABLE } from "@/shared/record-doc";
import { callerAs, newWorkspace, testDatabase } from "./helpers";
import { connect, readNote, settled, startCollab, waitFor, writeNote, type Client } from "./collab-harness";
import { tcpLink } from "./tcp-link";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** A TCP hop between the collab-server and PostgreSQL that can be cut (every connection dropped, new ones refused) and restored. */
async function databaseLink() {
  const target = new URL(inject("appDatabaseUrl"));
  const link = await tcpLink(target.hostname, Number(target.port || 5432));
  const url = new URL(target);
  url.hostname = "127.0.0.1";
  url.port = String(link.port());
  const database = createDatabase(url.toString(), { max: 4, applicationName: "mycrm-outage-test" });
  cleanup.push(async () => {
    await database.sql.end({ timeout: 1 }).catch(() => {});
    await link.down();
  });
  return { db: database.db, up: link.up, down: link.down };
}

async function fixture(opts: { maxLogBacklogBytes?: number } = {}) {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const [stage] = (await api.deals.pipelines())[0]!.stages;
  const deal = await api.deals.create({ title: "Outage", stageId: stage!.id });
  const link = await databaseLink();
  const collab = await startCollab({ db: link.db, writeDelay: 50, maxLogBacklogBytes: opts.maxLogBacklogBytes });
  cleanup.push(() => collab.server.destroy());
  const name = `deal/${deal.id}`;
  const open = async (reconnect = true) => {
    const c = await connect(collab.url, owner, name, undefined, { reconnect });
    cleanup.push(() => c.destroy());
    return c;
  };
  return { workspaceId, name, link, open };
}

/** What PostgreSQL holds of a document (snapshot and logged updates), as its note text. */
async function storedNote(workspaceId: string, name: string) {
  const { db } = testDatabase();
  const doc = new Y.Doc();
  const [snapshot] = await db.select().from(documents).where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, name)));
  if (snapshot) Y.applyUpdate(doc, snapshot.state);
  for (const u of await db.select().from(documentUpdates).where(and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, name)))) {
    Y.applyUpdate(doc, u.update);
  }
  return readNote(doc);
}

/** The way the page tries again after "unavailable": reconnect its socket, which authenticates anew. */
async function retry(client: Client) {
  client.socket.disconnect();
  await waitFor(() => client.socket.status === "disconnected", "the socket to close");
  void client.socket.connect();
}

describe("the collab-server while PostgreSQL is away", () => {
  it("keeps editing with the open page, turns new connections away as unavailable (not refused), and catches up when it is back", async () => {
    const { workspaceId, name, link, open } = await fixture();
    const a = await open();
    await settled(a);
    writeNote(a.doc, "Before the outage");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the first edit to be acknowledged");

    await link.down();
    writeNote(a.doc, "During the outage");
    await new Promise((r) => setTimeout(r, 300));
    // Not acknowledged: nothing is acknowledged before it is stored.
    expect(a.provider.hasUnsyncedChanges).toBe(true);

    // Someone opening the record now is told to wait, not that they may not see it.
    const b = await open(false);
    await waitFor(() => b.failures.length > 0, "the second person's connection to be turned away", 10_000);
    expect(b.failures[0]).toBe(COLLAB_UNAVAILABLE);

    await link.up();
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the outage edit to be acknowledged once the database is back", 15_000);
    expect(await storedNote(workspaceId, name)).toContain("During the outage");
    await retry(b);
    await waitFor(() => b.provider.isSynced, "the second person to get in", 10_000);
    expect(readNote(b.doc)).toContain("During the outage");
  });

  it("holds at most its backlog in memory: beyond it the sender is asked to try later and loses nothing", async () => {
    const { workspaceId, name, link, open } = await fixture({ maxLogBacklogBytes: 4_000 });
    const a = await open();
    await settled(a);
    const closes: number[] = [];
    a.provider.on("close", ({ event }: { event: { code: number } }) => closes.push(event.code));

    await link.down();
    writeNote(a.doc, `First ${"x".repeat(5_000)}`); // fills the backlog on its own
    await new Promise((r) => setTimeout(r, 200));
    writeNote(a.doc, "Second, turned away");
    await waitFor(() => closes.includes(1013), "the connection to be closed with try-again-later", 5_000);

    await link.up();
    // The page tries again; its second edit, never acknowledged, comes with it.
    let lastTry = 0;
    await waitFor(async () => {
      if (!a.provider.isSynced && a.failures.length && Date.now() - lastTry > 1000) {
        lastTry = Date.now();
        await retry(a);
      }
      return a.provider.isSynced && !a.provider.hasUnsyncedChanges;
    }, "the page to reconnect and everything to be acknowledged", 20_000);
    const stored = await storedNote(workspaceId, name);
    expect(stored).toContain("First");
    expect(stored).toContain("Second, turned away");
  });
});
