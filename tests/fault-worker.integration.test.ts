/**
 * Fault: the worker process is killed (SIGKILL) in the middle of a job — after the mail provider
 * took the email, before the worker recorded it. Another worker takes the job back once the dead
 * one's heartbeat stops, runs it again, and the effect happens once: one email, one record, and
 * the link in the email that went out works.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type ServerResponse } from "node:http";
import { resolve } from "node:path";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase, type Database } from "@/server/db/client";
import { accountEmails, users } from "@/server/db/schema";
import { passwordResetStatus, requestPasswordReset } from "@/server/domain/auth/password-reset";
import { freePort, isolatedDatabase, TEST_SECRET } from "./helpers";

const root = resolve(import.meta.dirname, "..");

/** Resend's API, as far as the worker uses it, with its idempotency: one key, one delivery. */
async function fakeResend(holdFirstTo: string) {
  const deliveries = new Map<string, { id: string; body: { to: string; text: string } }>();
  const asked = new Map<string, number>();
  const held: ServerResponse[] = [];
  let received = () => {};
  const firstReceived = new Promise<void>((r) => (received = r));
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      const body = JSON.parse(raw) as { to: string; text: string };
      if (body.to === holdFirstTo) asked.set(key, (asked.get(key) ?? 0) + 1);
      const known = deliveries.get(key);
      if (known) {
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: known.id }));
        return;
      }
      deliveries.set(key, { id: `email_${deliveries.size + 1}`, body });
      if (body.to === holdFirstTo && held.length === 0) {
        // Taken, and the answer never comes: the worker dies waiting for it.
        held.push(res);
        received();
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: deliveries.get(key)!.id }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    deliveries,
    asked,
    firstReceived,
    close: () => {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      return new Promise((r) => server.close(r));
    },
  };
}

async function startWorker(databaseUrl: string, resendUrl: string): Promise<ChildProcess> {
  const port = await freePort();
  return spawn(process.execPath, ["--import", "tsx", resolve(root, "jobs/index.ts")], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      AUTH_SECRET: TEST_SECRET,
      RESEND_API_KEY: "re_fault_test",
      RESEND_BASE_URL: resendUrl,
      WORKER_PORT: String(port),
      WORKER_RECOVER_AFTER_SECONDS: "1",
      LOG_LEVEL: process.env.FAULT_LOG ?? "error",
    },
    stdio: ["ignore", process.env.FAULT_LOG ? "inherit" : "ignore", process.env.FAULT_LOG ? "inherit" : "pipe"],
  });
}

describe("fault: the worker killed mid-job", () => {
  let isolated: Awaited<ReturnType<typeof isolatedDatabase>>;
  let owner: Database;
  let app: Database;
  beforeAll(async () => {
    isolated = await isolatedDatabase("worker_fault");
    owner = createDatabase(isolated.url, { max: 2 });
    app = createDatabase(isolated.appUrl, { max: 2 });
  });
  afterAll(async () => {
    await app.close();
    await owner.close();
    await isolated.drop();
  });

  it("runs the job again after a restart, and its effect happens once", { timeout: 90_000 }, async () => {
    const email = "killed-mid-job@example.test";
    await owner.db.insert(users).values({ email, name: "Kit Killed", passwordHash: null });
    const resend = await fakeResend(email);
    const first = await startWorker(isolated.appUrl, resend.url);
    // A worker that cannot start says why at once, rather than leaving the test to time out.
    let firstOutput = "";
    first.stderr?.on("data", (c: Buffer) => (firstOutput += c.toString()));
    const firstGone = new Promise<never>((_, fail) => first.once("exit", (code) => fail(new Error(`the worker exited (${code}) before taking the job: ${firstOutput}`))));
    firstGone.catch(() => {}); // raced only while waiting for the job: its killing later is no failure
    let second: ChildProcess | null = null;
    try {
      await requestPasswordReset(app.db, null, { email, ip: "192.0.2.9" });
      // The provider has the email; the worker is waiting for its answer.
      await Promise.race([resend.firstReceived, firstGone]);
      // A second worker meanwhile never takes a job from a worker that is alive, however slow.
      second = await startWorker(isolated.appUrl, resend.url);
      await new Promise((r) => setTimeout(r, 4_000));
      expect([...resend.asked.values()]).toEqual([1]);
      // Now the first one dies there.
      const exited = new Promise((r) => first.once("exit", r));
      first.kill("SIGKILL");
      await exited;
      expect(await owner.db.select().from(accountEmails).where(eq(accountEmails.to, email))).toEqual([]);

      // Its heartbeat stops: its lock is taken back and the job runs again.
      const deadline = Date.now() + 60_000;
      let stored: (typeof accountEmails.$inferSelect)[] = [];
      while (Date.now() < deadline) {
        stored = await owner.db.select().from(accountEmails).where(eq(accountEmails.to, email));
        if (stored.length) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ status: "sent", providerId: "email_1" });
      // Once: one delivery for this cause, whatever the provider was asked.
      const mine = [...resend.deliveries.values()].filter((d) => d.body.to === email);
      expect(mine).toHaveLength(1);
      // And the link that went out is the one that works.
      const token = mine[0]!.body.text.match(/reset-password\/(\S+)/)![1]!;
      expect(await passwordResetStatus(app.db, token)).toEqual({ valid: true, email });
      expect(stored[0]!.text).not.toContain(token);
    } finally {
      first.kill("SIGKILL");
      if (second) {
        const gone = new Promise((r) => second!.once("exit", r));
        second.kill("SIGTERM");
        await gone;
      }
      await resend.close();
    }
  });
});
