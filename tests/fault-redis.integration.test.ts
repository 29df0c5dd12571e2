/**
 * Fault: Redis gone while it is configured. Nothing stops being served: the rate limits count in
 * each process's memory meanwhile (still limits, never wide open), sign-in works, the collab-servers
 * go on serving their own people and storing every edit; when Redis is back, the limits count
 * there again and the servers relay to each other again.
 */
import { sql } from "drizzle-orm";
import IORedis from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { signIn } from "@/server/domain/auth/sign-in";
import { Limits } from "@/server/security/limits";
import { startApiServer } from "./api-server";
import { callerAs, newWorkspace, TEST_SECRET, testDatabase } from "./helpers";
import { connect, readNote, settled, startCollab, waitFor, writeNote, type Client } from "./collab-harness";
import { tcpLink } from "./tcp-link";

const redisTarget = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:6379");

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function redisLink() {
  const link = await tcpLink(redisTarget.hostname, Number(redisTarget.port || 6379));
  cleanup.push(() => link.down());
  return { ...link, url: `redis://127.0.0.1:${link.port()}` };
}

describe("fault: Redis gone while configured", () => {
  it("API keys and sign-ins are still served and still limited while Redis is away, and count in Redis again when it is back", { timeout: 60_000 }, async () => {
    const link = await redisLink();
    const redis = new IORedis(link.url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: () => 100 });
    redis.on("error", () => {});
    const limits = new Limits({ redis }, { signInPerIp: 1000, signUpPerIp: 1000, apiPerKey: 5 });
    cleanup.push(() => limits.close());
    const server = await startApiServer({ limits });
    cleanup.push(() => server.close());
    const { owner, workspaceId } = await newWorkspace("Redis away");
    const api = callerAs(owner, workspaceId);
    const keyA = await api.apiKeys.create({ name: "a", access: "read", objects: ["company"] });
    const keyB = await api.apiKeys.create({ name: "b", access: "read", objects: ["company"] });
    const keyC = await api.apiKeys.create({ name: "c", access: "read", objects: ["company"] });
    const burst = async (token: string, n: number) => {
      const out: number[] = [];
      for (let i = 0; i < n; i++) out.push((await fetch(`${server.base}/api/v1/companies`, { headers: { authorization: `Bearer ${token}` } })).status);
      return out;
    };
    await waitFor(() => redis.status === "ready", "Redis to connect");
    expect(await burst(keyA.token, 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);

    await link.down();
    await waitFor(() => redis.status !== "ready", "the client to notice Redis is gone");
    // Served, and still limited (in this process's memory).
    expect(await burst(keyB.token, 7)).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(await signIn(testDatabase().db, limits, { email: owner.email, password: "correct-horse-battery", ip: "198.51.100.40" }, TEST_SECRET)).toMatchObject({ id: owner.id });

    await link.up();
    await waitFor(() => redis.status === "ready", "the client to reconnect", 10_000);
    expect(await burst(keyC.token, 6)).toEqual([200, 200, 200, 200, 200, 429]);
    const direct = new IORedis(redisTarget.toString());
    cleanup.push(() => direct.disconnect());
    expect(Number(await direct.get(`api_key:${keyC.id}`))).toBe(6);
  });

  it("collab-servers go on serving and storing their own people's edits while Redis is away, and relay again when it is back", { timeout: 60_000 }, async () => {
    const link = await redisLink();
    const { owner, workspaceId } = await newWorkspace("Scale out");
    const api = callerAs(owner, workspaceId);
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const during = await api.deals.create({ title: "Edited while Redis was away", stageId: stage!.id });
    const after = await api.deals.create({ title: "Edited after it came back", stageId: stage!.id });
    const one = await startCollab({ redisUrl: link.url });
    const two = await startCollab({ redisUrl: link.url });
    cleanup.push(() => one.server.destroy(), () => two.server.destroy());
    const open = async (url: string, document: string): Promise<Client> => {
      const c = await connect(url, owner, document);
      cleanup.push(() => c.destroy());
      await settled(c);
      expect(c.failures).toEqual([]);
      return c;
    };

    await link.down();
    // Two people on server one: they keep working together, and it is stored.
    const a1 = await open(one.url, `deal/${during.id}`);
    const a2 = await open(one.url, `deal/${during.id}`);
    writeNote(a1.doc, "Written while Redis was away");
    await waitFor(() => readNote(a2.doc).includes("Written while Redis was away"), "the other person on the same server to see it");
    await waitFor(async () => {
      const [row] = await testDatabase().db.execute<{ n: number }>(sql`select count(*)::int as n from document_updates where workspace_id = ${workspaceId} and name = ${`deal/${during.id}`}`);
      return (row?.n ?? 0) > 0;
    }, "the edit to be stored");

    await link.up();
    // Back: the servers relay to each other again.
    await new Promise((r) => setTimeout(r, 1500));
    const b1 = await open(one.url, `deal/${after.id}`);
    const b2 = await open(two.url, `deal/${after.id}`);
    writeNote(b1.doc, "Relayed again");
    await waitFor(() => readNote(b2.doc).includes("Relayed again"), "server two's client to see server one's edit", 15_000);
  });
});
