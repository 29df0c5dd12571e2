import { and, eq } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { activities, deals } from "@/server/db/schema";
import { FIELDS } from "@/shared/record-doc";
import { addMember, callerAs, newWorkspace, testDatabase } from "./helpers";
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

  it("keeps record fields in step across servers: each server writes its own people's edits, once", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const member = await addMember(workspaceId, "member", "Mia Member");
    const api = callerAs(owner, workspaceId);
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Scaled out", stageId: stage!.id, amount: 100 });
    const document = `deal/${deal.id}`;
    const one = await startCollab({ redisUrl, writeDelay: 100 });
    const two = await startCollab({ redisUrl, writeDelay: 100 });
    cleanup.push(() => one.server.destroy(), () => two.server.destroy());
    const a = await connect(one.url, owner, document);
    cleanup.push(() => a.destroy());
    await settled(a);
    const b = await connect(two.url, member, document);
    cleanup.push(() => b.destroy());
    await settled(b);
    const fields = (c: Client) => c.doc.getMap<unknown>(FIELDS);

    (fields(a).get("title") as Y.Text).insert(0, "Widely ");
    fields(b).set("amount", 250);
    await waitFor(() => (fields(b).get("title") as Y.Text).toString() === "Widely Scaled out" && fields(a).get("amount") === 250, "both edits on both servers");
    const { db } = testDatabase();
    await waitFor(async () => {
      const [row] = await db.select().from(deals).where(eq(deals.id, deal.id));
      return row!.title === "Widely Scaled out" && row!.amount === 250;
    }, "both edits in the row");
    await new Promise((r) => setTimeout(r, 500));
    const entries = await db.select().from(activities).where(and(eq(activities.recordId, deal.id), eq(activities.kind, "fields_changed")));
    // One entry per author: neither server wrote the other's edit again.
    expect(entries.map((e) => e.actorId).sort()).toEqual([owner.id, member.id].sort());

    // A write through the API reaches the people on both servers.
    await api.deals.update({ id: deal.id, amount: 900 });
    await waitFor(() => fields(a).get("amount") === 900 && fields(b).get("amount") === 900, "the API write on both servers");
  });
});
