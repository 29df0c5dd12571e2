import { and, eq, sql } from "drizzle-orm";
import { SignJWT } from "jose";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { logLockKey } from "../collab-server/extensions/persistence";
import { documents, documentUpdates } from "@/server/db/schema";
import { mintCollabToken } from "@/server/auth/collab-token";
import { addMember, callerAs, newWorkspace, TEST_SECRET, testDatabase } from "./helpers";
import { connect, readNote, settled, startCollab, waitFor, writeNote, type Client } from "./collab-harness";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function dealFixture() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const [stage] = (await api.deals.pipelines())[0]!.stages;
  const deal = await api.deals.create({ title: "Co-edited", stageId: stage!.id });
  return { owner, workspaceId, document: `deal/${deal.id}`, dealId: deal.id };
}

async function started(opts?: { debounce?: number }) {
  const collab = await startCollab(opts);
  cleanup.push(() => collab.server.destroy());
  return collab;
}

async function client(...args: Parameters<typeof connect>): Promise<Client> {
  const c = await connect(...args);
  cleanup.push(() => c.destroy());
  await settled(c);
  return c;
}

describe("collab-server", () => {
  it("syncs two people's edits of a deal note both ways", async () => {
    const { owner, workspaceId, document } = await dealFixture();
    const member = await addMember(workspaceId, "member", "Mia Member");
    const { url } = await started();
    const a = await client(url, owner, document);
    const b = await client(url, member, document);
    expect(a.failures).toEqual([]);
    expect(b.failures).toEqual([]);

    writeNote(a.doc, "Budget approved");
    await waitFor(() => readNote(b.doc).includes("Budget approved"), "B to see A's text");
    writeNote(b.doc, "Legal review next week");
    await waitFor(() => readNote(a.doc).includes("Legal review next week"), "A to see B's text");
    expect(readNote(a.doc)).toBe(readNote(b.doc));
  });

  it("keeps every acknowledged edit across a restart, even one that was never snapshotted", async () => {
    const { owner, document, workspaceId } = await dealFixture();
    // A long debounce: no snapshot is written while the first server runs.
    const first = await started({ debounce: 60_000 });
    const a = await client(first.url, owner, document);
    writeNote(a.doc, "Must survive a crash");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the server to acknowledge the edit");
    const logged = await testDatabase()
      .db.select()
      .from(documentUpdates)
      .where(and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, document)));
    // The owner's edits, and the server's own (the fields it filled from the row when it opened).
    expect(logged.filter((u) => u.userId === owner.id).length).toBeGreaterThan(0);
    expect(logged.every((u) => u.userId === owner.id || u.userId === null)).toBe(true);

    // A second server, as after a crash of the first: it loads from PostgreSQL alone.
    const second = await started();
    const b = await client(second.url, owner, document);
    expect(readNote(b.doc)).toContain("Must survive a crash");

    // And a graceful stop stores a snapshot that a third server loads.
    writeNote(b.doc, "Second line");
    await waitFor(() => !b.provider.hasUnsyncedChanges, "the second server to acknowledge");
    b.destroy();
    await second.server.destroy();
    const third = await started();
    const c = await client(third.url, owner, document);
    expect(readNote(c.doc)).toContain("Must survive a crash");
    expect(readNote(c.doc)).toContain("Second line");
  });

  it("sends an edit on to the others at once, but acknowledges it only once it is in PostgreSQL", async () => {
    const { owner, workspaceId, document } = await dealFixture();
    const member = await addMember(workspaceId, "member", "Mia Member");
    const { url } = await started();
    const a = await client(url, owner, document);
    const b = await client(url, member, document);
    // Hold the update log: no insert can commit until the lock goes.
    const { db } = testDatabase();
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const lock = db.transaction(async (tx) => {
      await tx.execute(sql`lock table document_updates in share row exclusive mode`);
      locked();
      await released;
    });
    await holding;
    writeNote(a.doc, "Seen before it is stored");
    await waitFor(() => readNote(b.doc).includes("Seen before it is stored"), "the other person to see it while the log is held");
    await new Promise((r) => setTimeout(r, 200));
    expect(a.provider.hasUnsyncedChanges).toBe(true); // not acknowledged: not durable yet
    release();
    await lock;
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the acknowledgement once it is stored");
    const logged = await db.select().from(documentUpdates).where(and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, document), eq(documentUpdates.userId, owner.id)));
    expect(logged.length).toBeGreaterThan(0);
  });

  it("refuses a member of another workspace, even with a correctly signed token", async () => {
    const { document, owner } = await dealFixture();
    const other = await newWorkspace("Other");
    const { url } = await started();
    const intruder = await client(url, other.owner, document);
    expect(intruder.failures).toHaveLength(1);
    expect(intruder.provider.isSynced).toBe(false);

    // The owner's document was not touched.
    const a = await client(url, owner, document);
    expect(readNote(a.doc)).toBe("");
  });

  it("refuses bad tokens: garbage, another document's, expired, or signed with another secret", async () => {
    const { owner, document, dealId } = await dealFixture();
    const { url } = await started();
    const otherDoc = (await dealFixture()).document;
    const tokens = [
      "not-a-token",
      await mintCollabToken(TEST_SECRET, { userId: owner.id, document: otherDoc, name: "x" }),
      await mintCollabToken("another-secret-another-secret-another-secret", { userId: owner.id, document, name: "x" }),
      await new SignJWT({ doc: document, name: "x" })
        .setProtectedHeader({ alg: "HS256" })
        .setSubject(owner.id)
        .setAudience("mycrm-collab")
        .setIssuer("mycrm-web")
        .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 1800)
        .sign(new TextEncoder().encode(`collab:${TEST_SECRET}`)),
    ];
    for (const token of tokens) {
      const c = await client(url, owner, document, token);
      expect(c.failures, `token ${token.slice(0, 12)}… must be refused`).toHaveLength(1);
    }
    expect(dealId).toBeTruthy();
  });

  it("connects a viewer read-only: their edits reach no one and are not stored", async () => {
    const { owner, workspaceId, document } = await dealFixture();
    const viewer = await addMember(workspaceId, "viewer", "Val Viewer");
    const { url } = await started();
    const a = await client(url, owner, document);
    writeNote(a.doc, "Owner wrote this");
    const v = await client(url, viewer, document);
    expect(v.failures).toEqual([]);
    await waitFor(() => readNote(v.doc).includes("Owner wrote this"), "the viewer to see the owner's text");

    writeNote(v.doc, "Viewer sneaks this in");
    // The owner keeps writing; once the owner's later edit has reached the viewer, the viewer's
    // edit would have reached the owner too had it been accepted.
    writeNote(a.doc, "Owner again");
    await waitFor(() => readNote(v.doc).includes("Owner again"), "the viewer to see the owner's second text");
    await new Promise((r) => setTimeout(r, 200));
    expect(readNote(a.doc)).not.toContain("Viewer sneaks this in");
    const logged = await testDatabase().db.select().from(documentUpdates).where(eq(documentUpdates.name, document));
    expect(logged.some((u) => u.userId === viewer.id)).toBe(false);

    // A fresh connection sees only what the server accepted.
    const fresh = await client(url, owner, document);
    expect(readNote(fresh.doc)).not.toContain("Viewer sneaks this in");
  });

  it("the web app only mints tokens for records the user may open, read-only for viewers", async () => {
    const { workspaceId, document } = await dealFixture();
    const viewer = await addMember(workspaceId, "viewer");
    const member = await addMember(workspaceId, "member");
    const forViewer = await callerAs(viewer).collab.token({ document });
    const forMember = await callerAs(member).collab.token({ document });
    expect(forViewer.readOnly).toBe(true);
    expect(forMember.readOnly).toBe(false);
    expect(forMember.expiresIn).toBeLessThanOrEqual(15 * 60);
    await expect(callerAs(member).collab.token({ document: "deal/not-a-uuid" })).rejects.toThrow(/does not exist/);
  });

  it("serves its own health and metrics, with no per-document labels", async () => {
    const { owner, document } = await dealFixture();
    const { url, httpUrl } = await started();
    const a = await client(url, owner, document);
    writeNote(a.doc, "metered");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the acknowledgement");
    const health = await fetch(`${httpUrl}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", documents: 1, connections: 1 });
    const metrics = await (await fetch(`${httpUrl}/metrics`)).text();
    expect(metrics).toMatch(/mycrm_collab_connections\{[^}]*\} 1/);
    expect(metrics).toMatch(/mycrm_collab_update_append_seconds_count\{[^}]*\} [1-9]/);
    expect(metrics).not.toContain(document.split("/")[1]!);
  });

  it("marks a stored snapshot as covering exactly the logged updates it contains, and survives an unreadable one", async () => {
    const { owner, document, workspaceId } = await dealFixture();
    const { db } = testDatabase();
    const first = await started();
    const a = await client(first.url, owner, document);
    writeNote(a.doc, "Before the snapshot");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the acknowledgement");
    a.destroy();
    await first.server.destroy(); // stores the snapshot
    const [stored] = await db.select().from(documents).where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, document)));
    const logged = await db.select({ id: documentUpdates.id }).from(documentUpdates).where(eq(documentUpdates.name, document));
    expect(stored!.coveredUpdateId).toBe(Math.max(...logged.map((u) => u.id)));

    // A damaged row after the snapshot must not make the note impossible to open.
    await db.insert(documentUpdates).values({ workspaceId, name: document, update: new Uint8Array([1, 2, 3, 250, 251]), userId: owner.id });
    const second = await started();
    const b = await client(second.url, owner, document);
    expect(b.failures).toEqual([]);
    expect(readNote(b.doc)).toContain("Before the snapshot");
  });

  it("never counts a logged update still on its way as covered by a snapshot, even when a later one is already visible", async () => {
    const { owner, document, workspaceId } = await dealFixture();
    const { db, sql: pg } = testDatabase();
    const first = await started();
    const a = await client(first.url, owner, document);
    writeNote(a.doc, "Here from the start");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the first acknowledgement");

    // Another server's append, in flight: its id is drawn, its transaction not yet committed,
    // and this server has not seen the update.
    const elsewhere = new Y.Doc();
    writeNote(elsewhere, "From another server");
    let commit!: () => void;
    const held = new Promise<void>((r) => (commit = r));
    let drawn!: () => void;
    const idDrawn = new Promise<void>((r) => (drawn = r));
    const inFlight = pg.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock_shared(${logLockKey(workspaceId, document)}::bigint)`;
      await tx`insert into document_updates (workspace_id, name, update, user_id) values (${workspaceId}, ${document}, ${Y.encodeStateAsUpdate(elsewhere)}, ${owner.id})`;
      drawn();
      await held;
    });
    await idDrawn;

    // A later update from this server commits (a higher id, visible), then the snapshot is taken.
    writeNote(a.doc, "Written after");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the later edit to be acknowledged");
    a.destroy();
    let stored = false;
    const storing = first.server.destroy().then(() => (stored = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(stored).toBe(false); // the snapshot waits for the append on its way
    commit();
    await inFlight;
    await storing;

    // Opened again from PostgreSQL: nothing is missing.
    const second = await started();
    const b = await client(second.url, owner, document);
    const note = readNote(b.doc);
    for (const text of ["Here from the start", "From another server", "Written after"]) expect(note).toContain(text);
    const [snapshot] = await db.select().from(documents).where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, document)));
    expect(snapshot).toBeDefined();
  });

  it("keeps both servers' edits when two servers that do not hear each other store the same document", async () => {
    const { owner, document, workspaceId } = await dealFixture();
    const { db } = testDatabase();
    // No Redis between them: each holds only its own clients' edits.
    const first = await started({ debounce: 60_000 });
    const second = await started({ debounce: 60_000 });
    const a = await client(first.url, owner, document);
    const b = await client(second.url, owner, document);
    writeNote(a.doc, "Typed on the first server");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the first server's acknowledgement");
    a.destroy();
    await first.server.destroy(); // its snapshot: the first edit only
    writeNote(b.doc, "Typed on the second server");
    await waitFor(() => !b.provider.hasUnsyncedChanges, "the second server's acknowledgement");
    b.destroy();
    await second.server.destroy(); // stored over a snapshot it never saw: merged, not overwritten

    const [stored] = await db.select().from(documents).where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, document)));
    const logged = await db.select({ id: documentUpdates.id }).from(documentUpdates).where(eq(documentUpdates.name, document));
    expect(stored!.coveredUpdateId).toBe(Math.max(...logged.map((u) => u.id)));
    // The snapshot alone (every logged update is covered by it) holds both edits.
    const fromSnapshot = new Y.Doc();
    Y.applyUpdate(fromSnapshot, stored!.state);
    for (const text of ["Typed on the first server", "Typed on the second server"]) expect(readNote(fromSnapshot)).toContain(text);

    const third = await started();
    const c = await client(third.url, owner, document);
    for (const text of ["Typed on the first server", "Typed on the second server"]) expect(readNote(c.doc)).toContain(text);
  });

  it("never holds the update log while a snapshot waits for its document's row", async () => {
    const { owner, document, workspaceId } = await dealFixture();
    const { sql: pg } = testDatabase();
    const first = await started();
    const a = await client(first.url, owner, document);
    writeNote(a.doc, "Stored once");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the acknowledgement");
    a.destroy();
    await first.server.destroy(); // the document's snapshot row exists now

    // Something holds the snapshot's row (a document being forgotten, a long transaction).
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => (locked = r));
    const holder = pg.begin(async (tx) => {
      await tx`select 1 from documents where workspace_id = ${workspaceId} and name = ${document} for update`;
      locked();
      await released;
    });
    await isLocked;

    // A new server opens the document, an edit comes in, and the snapshot store waits for the row…
    const second = await started({ debounce: 60_000 });
    const b = await client(second.url, owner, document);
    writeNote(b.doc, "Typed while the row is held");
    await waitFor(() => !b.provider.hasUnsyncedChanges, "the edit acknowledged while the row is held");
    b.destroy();
    let stored = false;
    const storing = second.server.destroy().then(() => (stored = true));
    await new Promise((r) => setTimeout(r, 300));
    expect(stored).toBe(false);

    // …without holding the document's lock: the log still takes edits of that document at once.
    const third = await started({ debounce: 60_000 });
    const c = await client(third.url, owner, document);
    writeNote(c.doc, "Also typed meanwhile");
    await waitFor(() => !c.provider.hasUnsyncedChanges, "an edit acknowledged while the store waits", 3000);
    expect(stored).toBe(false);

    release();
    await holder;
    await storing;
    const fourth = await started();
    const d = await client(fourth.url, owner, document);
    for (const text of ["Stored once", "Typed while the row is held", "Also typed meanwhile"]) expect(readNote(d.doc)).toContain(text);
  });

  it("closes a connection that sends malformed frames, and goes on serving everyone else", async () => {
    const { owner, document } = await dealFixture();
    const { url } = await started();
    const a = await client(url, owner, document);
    writeNote(a.doc, "Before the garbage");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the first edit to be acknowledged");

    const { default: WebSocket } = await import("ws");
    const garbage = [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), // an endless varint
      Buffer.from([0x05, 0x64, 0x65, 0x61, 0x6c]), // a name cut short
      Buffer.from("not a protocol message at all"),
    ];
    const closedByServer: boolean[] = [];
    for (const frame of garbage) {
      const ws = new WebSocket(url);
      await new Promise<void>((r) => ws.once("open", () => r()));
      const closed = new Promise<boolean>((r) => ws.once("close", () => r(true)));
      ws.send(frame);
      closedByServer.push(await Promise.race([closed, new Promise<boolean>((r) => setTimeout(() => r(false), 2000))]));
      ws.terminate();
    }
    expect(closedByServer).toEqual([true, true, true]);
    // A well-formed update for the document from a connection that never authenticated (claiming
    // gigabytes, too) is held back, bounded, and never applied.
    const sneaky = new WebSocket(url);
    await new Promise<void>((r) => sneaky.once("open", () => r()));
    sneaky.send(Buffer.concat([Buffer.from([document.length]), Buffer.from(document), Buffer.from([0x00, 0x02, 0xff, 0xff, 0xff, 0x7f])]));
    await new Promise((r) => setTimeout(r, 300));
    sneaky.terminate();

    // The server still works for everyone: a new person joins, both see each other's edits.
    const b = await client(url, owner, document);
    expect(readNote(b.doc)).toContain("Before the garbage");
    writeNote(b.doc, "After the garbage");
    await waitFor(() => readNote(a.doc).includes("After the garbage"), "the edit to reach the first person");
  });
});
