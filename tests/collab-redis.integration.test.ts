import { afterEach, describe, expect, it } from "vitest";
import { callerAs, newWorkspace } from "./helpers";
import { connect, readNote, settled, startCollab, waitFor, writeNote, type Client } from "./collab-harness";

// Redis is the point here: several collab-servers share documents through it.
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe("collab-servers joined through Redis", () => {
  it("relays edits between people connected to different servers", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Scaled out", stageId: stage!.id });
    const document = `deal/${deal.id}`;

    const one = await startCollab({ redisUrl });
    const two = await startCollab({ redisUrl });
    cleanup.push(() => one.server.destroy(), () => two.server.destroy());

    const open = async (url: string): Promise<Client> => {
      const c = await connect(url, owner, document);
      cleanup.push(() => c.destroy());
      await settled(c);
      expect(c.failures).toEqual([]);
      return c;
    };
    const a = await open(one.url);
    const b = await open(two.url);

    writeNote(a.doc, "Written on server one");
    await waitFor(() => readNote(b.doc).includes("Written on server one"), "server two's client to see it");
    writeNote(b.doc, "Written on server two");
    await waitFor(() => readNote(a.doc).includes("Written on server two"), "server one's client to see it");
  });
});
