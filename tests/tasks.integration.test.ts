import { describe, expect, it } from "vitest";
import { createLogger } from "@/server/observability/logger";
import { createTaskList } from "../jobs/task-list";
import { addMember, callerAs, newWorkspace, testDatabase } from "./helpers";

describe("tasks", () => {
  it("are created about a record, listed by assignee and due date, and completed into the record's timeline", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const rep = await addMember(workspaceId, "member", "Rita Rep");
    const api = callerAs(owner, workspaceId);
    const company = await api.companies.create({ name: "Soylent" });
    const later = await api.tasks.create({ title: "Send contract", assigneeId: rep.id, dueAt: new Date("2031-05-02T09:00:00Z"), recordType: "company", recordId: company.id });
    const sooner = await api.tasks.create({ title: "Call back", assigneeId: rep.id, dueAt: new Date("2031-05-01T09:00:00Z"), priority: "high" });
    await api.tasks.create({ title: "Mine", assigneeId: owner.id });

    const asRep = callerAs(rep, workspaceId);
    expect((await asRep.tasks.list({ assignee: "me" })).map((t) => t.title)).toEqual(["Call back", "Send contract"]);
    expect((await api.tasks.list({ assignee: "anyone", recordType: "company", recordId: company.id })).map((t) => t.id)).toEqual([later.id]);

    await asRep.tasks.update({ id: later.id, status: "done" });
    expect((await asRep.tasks.list({ assignee: "me" })).map((t) => t.id)).toEqual([sooner.id]);
    const done = await asRep.tasks.list({ assignee: "me", status: "done" });
    expect(done[0]!.completedAt).toBeInstanceOf(Date);
    const kinds = (await api.timeline.list({ recordType: "company", recordId: company.id })).items.map((a) => a.kind);
    expect(kinds.slice(0, 2)).toEqual(["task_completed", "task_created"]);
  });

  it("tells the assignee once, by a job enqueued with the write", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const rep = await addMember(workspaceId, "member", "Rita Rep");
    const api = callerAs(owner, workspaceId);
    await api.tasks.create({ title: "Prepare demo", assigneeId: rep.id });
    const { db } = testDatabase();
    const taskList = createTaskList(db, createLogger("test", "silent"));
    const jobs = await db.execute<{ payload: unknown }>(
      (await import("drizzle-orm")).sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = 'task_assigned' and j.payload->>'workspaceId' = ${workspaceId}`,
    );
    expect([...jobs]).toHaveLength(1);
    // Run it twice, as a retry would.
    for (let i = 0; i < 2; i++) await taskList.task_assigned!([...jobs][0]!.payload as never, {} as never);
    const inbox = await callerAs(rep, workspaceId).notifications.list();
    expect(inbox.items.map((n) => n.title)).toEqual(["Owner Person assigned you “Prepare demo”"]);
  });

  it("refuses assignees and records from elsewhere, and viewers", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const other = await newWorkspace();
    const theirs = await callerAs(other.owner, other.workspaceId).deals.pipelines();
    await expect(api.tasks.create({ title: "x", assigneeId: other.owner.id })).rejects.toThrow("Tasks can only be assigned to members of this workspace.");
    await expect(api.tasks.create({ title: "x", recordType: "company", recordId: theirs[0]!.id })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const viewer = await addMember(workspaceId, "viewer");
    await expect(callerAs(viewer, workspaceId).tasks.create({ title: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const t = await api.tasks.create({ title: "Ours" });
    await expect(callerAs(other.owner, other.workspaceId).tasks.update({ id: t.id, status: "done" })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
