import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { and, asc, eq, gt } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, describe, expect, inject, it } from "vitest";
import { documents, documentUpdates } from "@/server/db/schema";
import { mintCollabToken } from "@/server/auth/collab-token";
import { addMember, callerAs, freePort, newWorkspace, TEST_SECRET, testDatabase } from "./helpers";
import { connect, readNote, waitFor, writeNote, type Client } from "./collab-harness";

const root = resolve(import.meta.dirname, "..");
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** The collab-server as its own process, the way `npm start` runs it. */
async function startProcess(port: number): Promise<ChildProcess> {
  const env = { ...process.env, DATABASE_URL: inject("appDatabaseUrl"), AUTH_SECRET: TEST_SECRET, COLLAB_PORT: String(port), COLLAB_HOST: "127.0.0.1", LOG_LEVEL: "silent" };
  const child = spawn(process.execPath, ["--import", "tsx", resolve(root, "collab-server/index.ts")], { cwd: root, env, stdio: "ignore" });
  cleanup.push(() => child.exitCode === null && child.kill("SIGKILL"));
  await waitFor(async () => {
    try {
      return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
    } catch {
      return false;
    }
  }, "the collab-server to listen", 20_000);
  return child;
}

/** What PostgreSQL holds of a document: its snapshot and every logged update after it. */
async function stored(workspaceId: string, name: string) {
  const { db } = testDatabase();
  const doc = new Y.Doc();
  const [snapshot] = await db.select().from(documents).where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, name)));
  if (snapshot) Y.applyUpdate(doc, snapshot.state);
  const updates = await db
    .select()
    .from(documentUpdates)
    .where(and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, name), gt(documentUpdates.id, snapshot?.coveredUpdateId ?? 0)))
    .orderBy(asc(documentUpdates.id));
  for (const u of updates) Y.applyUpdate(doc, u.update);
  return readNote(doc);
}

const count = (text: string, token: string) => text.split(`>${token}<`).length - 1;

describe("kill -9 of the collab-server while people type", () => {
  it("loses no acknowledged edit, and the clients resync by themselves without duplicating text", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Crash test", stageId: stage!.id });
    const document = `deal/${deal.id}`;
    const people = [owner, await addMember(workspaceId, "member", "Mia"), await addMember(workspaceId, "manager", "Max")];

    const port = await freePort();
    const url = `ws://127.0.0.1:${port}`;
    let server = await startProcess(port);
    const clients: Client[] = [];
    for (const person of people) {
      const token = await mintCollabToken(TEST_SECRET, { userId: person.id, document, name: person.name });
      const c = await connect(url, person, document, token, { reconnect: true });
      cleanup.push(() => c.destroy());
      clients.push(c);
    }
    await waitFor(() => clients.every((c) => c.provider.isSynced), "everyone to sync");

    // Each types a numbered token every 15 ms; an ack (no unsynced changes left) covers every
    // token written before it.
    const written = clients.map(() => [] as string[]);
    const acked = clients.map(() => 0);
    clients.forEach((c, i) => {
      c.provider.on("unsyncedChanges", ({ number }: { number: number }) => {
        if (number === 0 && server.exitCode === null && !server.killed) acked[i] = written[i]!.length;
      });
    });
    let typing = true;
    const loops = clients.map(async (c, i) => {
      for (let n = 0; typing; n++) {
        const token = `c${i}-${n}`;
        writeNote(c.doc, token);
        written[i]!.push(token);
        await new Promise((r) => setTimeout(r, 15));
      }
    });

    await new Promise((r) => setTimeout(r, 1500));
    server.kill("SIGKILL");
    const ackedAtKill = [...acked];
    await new Promise((r) => setTimeout(r, 300)); // typing on, into the void
    typing = false;
    await Promise.all(loops);

    // Every acknowledged token is in PostgreSQL, before any restart.
    const durable = await stored(workspaceId, document);
    let checked = 0;
    clients.forEach((_, i) => {
      for (const token of written[i]!.slice(0, ackedAtKill[i])) {
        expect(count(durable, token), `${token} was acknowledged`).toBe(1);
        checked++;
      }
    });
    expect(checked).toBeGreaterThan(100);

    // Back up: the clients reconnect and send what the server never acknowledged.
    server = await startProcess(port);
    await waitFor(() => clients.every((c) => c.provider.isSynced && !c.provider.hasUnsyncedChanges), "everyone to resync", 20_000);
    await waitFor(() => new Set(clients.map((c) => readNote(c.doc))).size === 1, "everyone to see the same note", 10_000);
    const final = readNote(clients[0]!.doc);
    written.flat().forEach((token) => expect(count(final, token), token).toBe(1));
    await waitFor(async () => (await stored(workspaceId, document)) === final, "the server to store it all");
    server.kill("SIGTERM");
  }, 60_000);
});
