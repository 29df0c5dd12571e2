import v8 from "node:v8";
import vm from "node:vm";
import * as Y from "yjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordSyncExtension } from "../collab-server/extensions/record-sync";
import { documents } from "@/server/db/schema";
import { FIELDS } from "@/shared/record-doc";
import { callerAs, newWorkspace, testDatabase } from "./helpers";
import { connect, startCollab, waitFor, writeNote } from "./collab-harness";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as () => void;

async function heapAfterGc() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 20));
  }
  return process.memoryUsage().heapUsed;
}

/** Live timers and intervals of this process. */
const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

const stops: (() => unknown)[] = [];
afterAll(async () => {
  for (const stop of stops) await stop();
});

describe("collab-server soak", () => {
  // Hocuspocus reports every refused and failed connection on the console; thousands of lines
  // would only fill the test output and its buffers (a spy would keep every call: plain no-op).
  const consoleError = console.error;
  beforeAll(() => {
    console.error = () => undefined;
  });
  afterAll(() => {
    console.error = consoleError;
  });
  it("after many connect/disconnect cycles, refused logins and failing loads: no document left, heap flat", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deals = await Promise.all(Array.from({ length: 8 }, (_, i) => api.deals.create({ title: `Soak ${i}`, stageId: stage!.id })));
    // A document whose stored state is unreadable: every load of it fails.
    const broken = await api.deals.create({ title: "Broken", stageId: stage!.id });
    await testDatabase().db.insert(documents).values({ workspaceId, name: `deal/${broken.id}`, state: new Uint8Array([255, 255, 255, 255]), coveredUpdateId: 0 });
    const stranger = (await newWorkspace("Stranger")).owner;

    const collab = await startCollab({ debounce: 50, writeDelay: 20 });
    stops.push(() => collab.server.destroy());
    const hocuspocus = collab.server.hocuspocus;
    const sync = hocuspocus.configuration.extensions.find((e) => e instanceof RecordSyncExtension) as RecordSyncExtension;

    const cycle = async (n: number) => {
      const deal = deals[n % deals.length]!;
      const good = await connect(collab.url, owner, `deal/${deal.id}`);
      const refused = await connect(collab.url, stranger, `deal/${deal.id}`); // another workspace's member
      const failing = await connect(collab.url, owner, `deal/${broken.id}`);
      await waitFor(() => good.provider.isSynced, "the good client to sync");
      writeNote(good.doc, `cycle ${n}`);
      (good.doc.getMap(FIELDS).get("title") as Y.Text).insert(0, "x");
      await waitFor(() => !good.provider.hasUnsyncedChanges, "the edit to be acknowledged");
      await waitFor(() => refused.failures.length > 0, "the stranger to be refused");
      await new Promise((r) => setTimeout(r, 5));
      for (const c of [good, refused, failing]) c.destroy();
    };
    const settle = async () => {
      await waitFor(() => hocuspocus.getDocumentsCount() === 0 && sync.loaded === 0, "every document to be unloaded", 10_000);
    };

    // Warm-up: pools, prepared statements, compiled code and the like grow to their size first.
    for (let n = 0; n < 100; n++) await cycle(n);
    await settle();
    const before = await heapAfterGc();
    const timersBefore = timers();
    const cycles = 300;
    for (let n = 0; n < cycles; n++) await cycle(n);
    await settle();
    const after = await heapAfterGc();

    const growth = (after - before) / before;
    // A document kept by mistake keeps its awareness timer: a precise count, unlike the heap.
    expect(timers() - timersBefore).toBeLessThan(10);
    console.log(`soak: ${cycles} cycles × (1 editing, 1 refused, 1 failing load); heap ${(before / 1e6).toFixed(1)} MB → ${(after / 1e6).toFixed(1)} MB (${(growth * 100).toFixed(1)}%)`);
    expect(hocuspocus.getDocumentsCount()).toBe(0);
    expect(hocuspocus.getConnectionsCount()).toBe(0);
    expect(sync.loaded).toBe(0);
    expect(growth).toBeLessThan(0.05);
  }, 120_000);
});
