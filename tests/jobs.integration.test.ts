import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { resolve } from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { runOnce } from "graphile-worker";
import { inject, describe, expect, it } from "vitest";
import { activities, deals, notifications, workerHeartbeats } from "@/server/db/schema";
import { createLogger } from "@/server/observability/logger";
import { createTaskList } from "../jobs/task-list";
import { dealStageChanged } from "../jobs/tasks/deals/stage-changed";
import { dealCloseDateReminders } from "../jobs/tasks/deals/close-date-reminders";
import { addMember, appDatabase, callerAs, freePort, newWorkspace, TEST_SECRET, testDatabase } from "./helpers";
import { waitFor } from "./collab-harness";

const root = resolve(import.meta.dirname, "..");

const log = createLogger("test", "silent");

async function queuedStageJobs(dealId: string) {
  const { db } = testDatabase();
  const rows = await db.execute<{ payload: Record<string, string> }>(
    sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'deal_stage_changed' and j.payload->>'dealId' = ${dealId}`,
  );
  return [...rows];
}

describe("deal stage change → job → timeline and notification", () => {
  it("enqueues the job with the write, and the worker writes the timeline entry and notifies the owner once", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const member = await addMember(workspaceId, "member", "Mo Member");
    const ownerApi = callerAs(owner, workspaceId);
    const stages = (await ownerApi.deals.pipelines())[0]!.stages;
    const deal = await ownerApi.deals.create({ title: "Big one", stageId: stages[0]!.id });

    await callerAs(member, workspaceId).deals.move({ id: deal.id, stageId: stages[2]!.id });
    const jobs = await queuedStageJobs(deal.id);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.payload).toMatchObject({ dealId: deal.id, actorId: member.id, toStageId: stages[2]!.id });

    // A refused change enqueues nothing.
    await expect(callerAs(member, workspaceId).deals.move({ id: deal.id, stageId: deal.id })).rejects.toThrow();
    expect(await queuedStageJobs(deal.id)).toHaveLength(1);

    // The worker as it runs: the application role, each job inside its workspace.
    await runOnce({ connectionString: inject("appDatabaseUrl"), taskList: createTaskList(appDatabase().db, log), logger: undefined });
    const { db } = testDatabase();
    expect(await queuedStageJobs(deal.id)).toHaveLength(0);

    const timeline = await ownerApi.timeline.list({ recordType: "deal", recordId: deal.id }).then((t) => t.items);
    expect(timeline[0]).toMatchObject({ kind: "stage_changed", actorName: "Mo Member", data: { from: "Lead in", to: "Proposal" } });
    const inbox = await ownerApi.notifications.list();
    expect(inbox.unread).toBe(1);
    expect(inbox.items[0]!.title).toBe("Mo Member moved “Big one” to Proposal");

    // Run again with the same payload, as a retry after a crash would: nothing doubles.
    await dealStageChanged(db, jobs[0]!.payload);
    const entries = await db
      .select()
      .from(activities)
      .where(and(eq(activities.recordId, deal.id), eq(activities.kind, "stage_changed")));
    expect(entries).toHaveLength(1);
    expect((await ownerApi.notifications.list()).unread).toBe(1);

    await ownerApi.notifications.markAllRead();
    expect((await ownerApi.notifications.list()).unread).toBe(0);
  });

  it("does not notify the owner about their own move", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const stages = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Mine", stageId: stages[0]!.id });
    await api.deals.move({ id: deal.id, stageId: stages[1]!.id });
    const [job] = await queuedStageJobs(deal.id);
    await dealStageChanged(testDatabase().db, job!.payload);
    expect((await api.timeline.list({ recordType: "deal", recordId: deal.id }).then((t) => t.items))[0]!.kind).toBe("stage_changed");
    expect((await api.notifications.list()).items).toEqual([]);
  });
});

describe("probability and won/lost reasons", () => {
  it("follows the stage unless overridden, and keeps why a deal was lost, in its timeline too", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const stages = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Odds", stageId: stages[1]!.id });
    expect(await api.deals.get({ id: deal.id })).toMatchObject({ probability: 25, probabilityOverridden: false });
    await api.deals.update({ id: deal.id, probability: 60 });
    expect(await api.deals.get({ id: deal.id })).toMatchObject({ probability: 60, probabilityOverridden: true });
    await expect(api.deals.update({ id: deal.id, probability: 140 })).rejects.toThrow("Probability is between 0 and 100.");
    await api.deals.update({ id: deal.id, probability: null });
    expect((await api.deals.get({ id: deal.id })).probability).toBe(25);

    const lost = stages.find((s) => s.kind === "lost")!;
    await api.deals.move({ id: deal.id, stageId: lost.id, closeReason: "Chose a competitor" });
    expect(await api.deals.get({ id: deal.id })).toMatchObject({ stageName: "Lost", closeReason: "Chose a competitor", probability: 0 });
    const [job] = await queuedStageJobs(deal.id);
    await dealStageChanged(testDatabase().db, job!.payload);
    const [entry] = (await api.timeline.list({ recordType: "deal", recordId: deal.id })).items;
    expect(entry).toMatchObject({ kind: "stage_changed", data: { from: "Qualified", to: "Lost", reason: "Chose a competitor" } });
  });
});

describe("daily close-date reminders (crontab)", () => {
  it("reminds owners of open deals that are due, once a day, and skips closed ones", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const stages = (await api.deals.pipelines())[0]!.stages;
    const won = stages.find((s) => s.kind === "won")!;
    const due = await api.deals.create({ title: "Due today", stageId: stages[0]!.id, expectedCloseDate: "2031-03-01" });
    await api.deals.create({ title: "Later", stageId: stages[0]!.id, expectedCloseDate: "2031-04-01" });
    await api.deals.create({ title: "Already won", stageId: won.id, expectedCloseDate: "2031-02-01" });

    const { db } = testDatabase();
    await dealCloseDateReminders(db, "2031-03-01");
    await dealCloseDateReminders(db, "2031-03-01");
    const mine = await db.select().from(notifications).where(eq(notifications.workspaceId, workspaceId));
    expect(mine.map((n) => n.title)).toEqual(["“Due today” is expected to close today"]);
    expect(mine[0]!.recordId).toBe(due.id);
    const [row] = await db.select().from(deals).where(eq(deals.id, due.id));
    expect(row!.title).toBe("Due today");
  });
});

// Last in this file: a running worker would take the jobs the tests above inspect.
describe("the worker process", () => {
  it("runs queued jobs, beats its heart, serves metrics, and stops cleanly", async () => {
    const port = await freePort();
    const child = spawn(process.execPath, ["--import", "tsx", resolve(root, "jobs/index.ts")], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: inject("appDatabaseUrl"), AUTH_SECRET: TEST_SECRET, WORKER_PORT: String(port), LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    try {
      const { owner, workspaceId } = await newWorkspace();
      const api = callerAs(owner, workspaceId);
      const stages = (await api.deals.pipelines())[0]!.stages;
      const deal = await api.deals.create({ title: "Worked on", stageId: stages[0]!.id });
      await api.deals.move({ id: deal.id, stageId: stages[3]!.id });

      await waitFor(async () => (await api.timeline.list({ recordType: "deal", recordId: deal.id }).then((t) => t.items)).some((a) => a.kind === "stage_changed"), "the job to run", 20_000);
      const beats = await testDatabase().db.select().from(workerHeartbeats);
      expect(beats.some((b) => Date.now() - b.seenAt.getTime() < 30_000)).toBe(true);

      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toMatch(/mycrm_jobs_total\{[^}]*task="deal_stage_changed"[^}]*result="ok"[^}]*\} [1-9]/);
    } finally {
      const exited = new Promise<number | null>((r) => child.once("exit", r));
      child.kill("SIGTERM");
      expect(await exited, output).toBe(0);
    }
    // A stopped worker removes its heartbeat, so health reports it down at once.
    const mine = await testDatabase().db.select().from(workerHeartbeats).where(eq(workerHeartbeats.workerId, `${hostname()}:${child.pid}`));
    expect(mine).toEqual([]);
  });
});
