import { createServer, type IncomingHttpHeaders } from "node:http";
import { and, eq, sql } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { dealStageChanged } from "../jobs/tasks/deals/stage-changed";
import { sendNotificationEmail } from "../jobs/tasks/notifications/send-email";
import { taskDueReminders } from "../jobs/tasks/tasks/due-reminders";
import { outboxEmails } from "@/server/db/schema";
import { NOTE_FIELD } from "@/shared/doc-names";
import { addMember, callerAs, newWorkspace, testDatabase, type TestUser } from "./helpers";
import { connect, settled, startCollab, waitFor } from "./collab-harness";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fixture() {
  const { owner, workspaceId } = await newWorkspace();
  const member = await addMember(workspaceId, "member", "Mia Member");
  const viewer = await addMember(workspaceId, "viewer", "Vic Viewer");
  const api = callerAs(owner, workspaceId);
  const stages = (await api.deals.pipelines())[0]!.stages;
  const deal = await api.deals.create({ title: "Harbor expansion", stageId: stages[0]!.id });
  return { owner, member, viewer, workspaceId, api, stages, deal, asMember: callerAs(member, workspaceId) };
}

const mention = (u: TestUser) => `@[${u.name}](${u.id})`;

async function queued(identifier: string, key: string, value: string) {
  const rows = await testDatabase().db.execute<{ payload: Record<string, string> }>(
    sql`select j.payload from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id
        where t.identifier = ${identifier} and j.payload->>${key} = ${value}`,
  );
  return [...rows].map((r) => r.payload);
}

/** A local server speaking Resend's email API. */
async function fakeResend() {
  const received: { body: Record<string, unknown>; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((req, res) => {
    let raw = "";
    req.on("data", (c: Buffer) => (raw += c.toString()));
    req.on("end", () => {
      if (req.method === "POST" && req.url === "/emails") {
        received.push({ body: JSON.parse(raw) as Record<string, unknown>, headers: req.headers });
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: `email_${received.length}` }));
      } else res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanup.push(() => new Promise((r) => server.close(r)));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, received };
}

describe("comments", () => {
  it("thread, reply, mention, resolve: the people concerned are told, and the record's followers", async () => {
    const { member, viewer, workspaceId, api, deal, asMember } = await fixture();
    const first = await api.comments.create({ recordType: "deal", recordId: deal.id, body: `${mention(member)} can you check the budget?` });

    const mine = await asMember.notifications.list();
    expect(mine.unread).toBe(1);
    expect(mine.items[0]).toMatchObject({ kind: "mention", recordType: "deal", recordId: deal.id });
    expect(mine.items[0]!.title).toBe(`Owner Person mentioned you on “Harbor expansion”: @Mia Member can you check the budget?`);

    // Mia replies; Olivia follows the deal since she commented, so she hears of it.
    await asMember.comments.create({ recordType: "deal", recordId: deal.id, parentId: first.id, body: "Budget is fine." });
    const ownerInbox = await api.notifications.list();
    expect(ownerInbox.items[0]).toMatchObject({ kind: "comment", title: "Mia Member commented on “Harbor expansion”: Budget is fine." });

    await api.comments.resolve({ id: first.id, resolved: true });
    let threads = await api.comments.list({ recordType: "deal", recordId: deal.id });
    expect(threads).toHaveLength(1);
    expect(threads[0]!.resolvedAt).not.toBeNull();
    expect(threads[0]!.replies.map((r) => r.body)).toEqual(["Budget is fine."]);
    // A reply reopens it.
    await api.comments.create({ recordType: "deal", recordId: deal.id, parentId: first.id, body: "Thanks!" });
    threads = await api.comments.list({ recordType: "deal", recordId: deal.id });
    expect(threads[0]!.resolvedAt).toBeNull();

    // Only the author edits; newly mentioned people are told, the others not again.
    await expect(asMember.comments.edit({ id: first.id, body: "hijacked" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await api.comments.edit({ id: first.id, body: `${mention(member)} ${mention(viewer)} can you check the budget?` });
    const viewerInbox = await callerAs(viewer, workspaceId).notifications.list();
    expect(viewerInbox.items.map((n) => n.kind)).toEqual(["mention"]);
    expect((await asMember.notifications.list()).items.filter((n) => n.kind === "mention")).toHaveLength(1);

    // Viewers read but do not comment; a reply must be to a thread of this record.
    await expect(callerAs(viewer, workspaceId).comments.create({ recordType: "deal", recordId: deal.id, body: "hi" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const other = await api.deals.create({ title: "Other", stageId: (await api.deals.pipelines())[0]!.stages[0]!.id });
    await expect(api.comments.create({ recordType: "deal", recordId: other.id, parentId: first.id, body: "wrong place" })).rejects.toThrow("That thread is not on this record.");

    // Deleting keeps the thread's place but not the words.
    await api.comments.delete({ id: first.id });
    threads = await api.comments.list({ recordType: "deal", recordId: deal.id });
    expect(threads[0]).toMatchObject({ body: "" });
    expect(threads[0]!.deletedAt).not.toBeNull();
  });

  it("are kept from other workspaces", async () => {
    const { api, deal } = await fixture();
    const c = await api.comments.create({ recordType: "deal", recordId: deal.id, body: "internal" });
    const stranger = await newWorkspace("Other");
    const them = callerAs(stranger.owner, stranger.workspaceId);
    expect(await them.comments.list({ recordType: "deal", recordId: deal.id })).toEqual([]);
    await expect(them.comments.create({ recordType: "deal", recordId: deal.id, body: "x" })).rejects.toThrow();
    await expect(them.comments.resolve({ id: c.id, resolved: true })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(them.comments.delete({ id: c.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

describe("notifications", () => {
  it("arrive live on the person's subscription, and only theirs", async () => {
    const { owner, member, workspaceId, api } = await fixture();
    const { deal } = { deal: (await api.deals.list({ limit: 1 }))[0]! };
    const seen: string[] = [];
    const stream = await callerAs(member, workspaceId).live.changes(undefined);
    const ownerStream = await callerAs(owner, workspaceId).live.changes(undefined);
    const ownerSeen: string[] = [];
    const reading = (async () => {
      for await (const change of stream) {
        seen.push(change.type);
        if (change.type === "notification") break;
      }
    })();
    void (async () => {
      for await (const change of ownerStream) ownerSeen.push(change.type);
    })().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    await api.comments.create({ recordType: "deal", recordId: deal.id, body: `${mention(member)} look` });
    await reading;
    expect(seen).toContain("notification");
    expect(seen).toContain("comment");
    await new Promise((r) => setTimeout(r, 100));
    expect(ownerSeen).not.toContain("notification");
  });

  it("can be marked read one by one", async () => {
    const { member, api, deal, asMember } = await fixture();
    await api.comments.create({ recordType: "deal", recordId: deal.id, body: `${mention(member)} one` });
    await api.comments.create({ recordType: "deal", recordId: deal.id, body: `${mention(member)} two` });
    const { items } = await asMember.notifications.list();
    await asMember.notifications.markRead({ ids: [items[0]!.id] });
    expect((await asMember.notifications.list()).unread).toBe(1);
  });

  it("send an email for the kinds a person chose: through the mail provider, or to the outbox without a key", async () => {
    const { member, workspaceId, api, deal, asMember } = await fixture();
    await asMember.notifications.setSettings({ emailKinds: ["mention"] });
    expect(await asMember.notifications.settings()).toEqual({ emailKinds: ["mention"] });
    await api.comments.create({ recordType: "deal", recordId: deal.id, body: `${mention(member)} please sign` });
    const notification = (await asMember.notifications.list()).items[0]!;
    const jobs = await queued("send_notification_email", "notificationId", notification.id);
    expect(jobs).toHaveLength(1);

    const resend = await fakeResend();
    const { db } = testDatabase();
    const mail = { apiKey: "re_test_key", baseUrl: resend.url, from: "MyCRM <crm@example.test>" };
    expect(await sendNotificationEmail(db, mail, "https://crm.example.test", jobs[0])).toBe("sent");
    // A retry sends nothing more.
    expect(await sendNotificationEmail(db, mail, "https://crm.example.test", jobs[0])).toBe("already");
    expect(resend.received).toHaveLength(1);
    const sent = resend.received[0]!;
    expect(sent.headers.authorization).toBe("Bearer re_test_key");
    expect(sent.headers["idempotency-key"]).toBe(`${workspaceId}:notification:${notification.id}`);
    expect(sent.body).toMatchObject({ from: "MyCRM <crm@example.test>", to: member.email, subject: notification.title });
    expect(String(sent.body.text)).toContain(`https://crm.example.test/deals/${deal.id}`);

    // Without a key: kept in the outbox, not lost.
    await api.comments.create({ recordType: "deal", recordId: deal.id, body: `${mention(member)} again` });
    const second = (await asMember.notifications.list()).items[0]!;
    const [job] = await queued("send_notification_email", "notificationId", second.id);
    expect(await sendNotificationEmail(db, { from: "x@example.test" }, "https://crm.example.test", job)).toBe("outbox");
    const rows = await db.select().from(outboxEmails).where(and(eq(outboxEmails.workspaceId, workspaceId), eq(outboxEmails.to, member.email)));
    expect(rows.map((r) => r.status).sort()).toEqual(["outbox", "sent"]);

    // Kinds not chosen: no email job.
    await asMember.notifications.setSettings({ emailKinds: [] });
    await api.comments.create({ recordType: "deal", recordId: deal.id, body: `${mention(member)} quiet` });
    const third = (await asMember.notifications.list()).items[0]!;
    expect(await queued("send_notification_email", "notificationId", third.id)).toHaveLength(0);
  });

  it("tell a deal's followers when it changes stage, and assignees when their task is due — once", async () => {
    const { owner, member, workspaceId, api, stages, deal, asMember } = await fixture();
    await asMember.comments.follow({ recordType: "deal", recordId: deal.id, follow: true });
    expect(await asMember.comments.following({ recordType: "deal", recordId: deal.id })).toEqual({ following: true });
    await api.deals.move({ id: deal.id, stageId: stages[1]!.id });
    const [job] = await queued("deal_stage_changed", "dealId", deal.id);
    await dealStageChanged(testDatabase().db, job);
    await dealStageChanged(testDatabase().db, job);
    const stageNotes = (await asMember.notifications.list()).items.filter((n) => n.kind === "deal.stage_changed");
    expect(stageNotes).toHaveLength(1);
    expect(stageNotes[0]!.title).toContain(`${owner.name} moved “Harbor expansion” to ${stages[1]!.name}`);

    const now = new Date();
    await api.tasks.create({ title: "Send the quote", assigneeId: member.id, dueAt: new Date(now.getTime() + 60_000).toISOString(), recordType: "deal", recordId: deal.id });
    await taskDueReminders(testDatabase().db, now);
    await taskDueReminders(testDatabase().db, now);
    const due = (await callerAs(member, workspaceId).notifications.list()).items.filter((n) => n.kind === "task.due");
    expect(due.map((n) => n.title)).toEqual(["“Send the quote” is due today"]);
  });

  it("stop once someone leaves the workspace", async () => {
    const { member, workspaceId, api, stages, deal, asMember } = await fixture();
    await asMember.comments.follow({ recordType: "deal", recordId: deal.id, follow: true });
    await asMember.notifications.setSettings({ emailKinds: ["deal.stage_changed"] });
    await api.workspace.removeMember({ userId: member.id });
    await api.deals.move({ id: deal.id, stageId: stages[2]!.id });
    const [job] = await queued("deal_stage_changed", "dealId", deal.id);
    await dealStageChanged(testDatabase().db, job);
    const rows = await testDatabase().db.execute<{ n: number }>(
      sql`select count(*)::int as n from notifications where workspace_id = ${workspaceId} and user_id = ${member.id} and kind = 'deal.stage_changed'`,
    );
    expect([...rows][0]!.n).toBe(0);
  });

  it("comment on a task: its creator and assignee follow it and are told; deleting the task takes its comments with it", async () => {
    const { owner, member, viewer, workspaceId, api, asMember } = await fixture();
    const task = await api.tasks.create({ title: "Chase the signature", assigneeId: member.id });
    expect(await asMember.comments.following({ recordType: "task", recordId: task.id })).toEqual({ following: true });

    await asMember.comments.create({ recordType: "task", recordId: task.id, body: "Called them, waiting for legal." });
    const ownerInbox = await api.notifications.list();
    expect(ownerInbox.items.find((n) => n.kind === "comment")).toMatchObject({
      recordType: "task",
      recordId: task.id,
      title: "Mia Member commented on “Chase the signature”: Called them, waiting for legal.",
    });
    // A viewer may read the thread but not write in it.
    const asViewer = callerAs(viewer, workspaceId);
    expect((await asViewer.comments.list({ recordType: "task", recordId: task.id }))[0]!.body).toBe("Called them, waiting for legal.");
    await expect(asViewer.comments.create({ recordType: "task", recordId: task.id, body: "Me too" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // Another workspace sees nothing of it and cannot write to it.
    const other = await newWorkspace();
    const outsider = callerAs(other.owner, other.workspaceId);
    expect(await outsider.comments.list({ recordType: "task", recordId: task.id })).toEqual([]);
    await expect(outsider.comments.create({ recordType: "task", recordId: task.id, body: "Hello" })).rejects.toThrow("does not exist in this workspace");

    await api.tasks.delete({ id: task.id });
    const left = await testDatabase().db.execute<{ n: number }>(
      sql`select (select count(*) from comments where record_id = ${task.id}) + (select count(*) from record_follows where record_id = ${task.id}) as n`,
    );
    expect(Number([...left][0]!.n)).toBe(0);
    expect((await api.notifications.list()).items.some((n) => n.recordId === task.id && n.title.includes(owner.name))).toBe(false);
  });

  it("tell people mentioned in a record's note once: not again when its paragraph is split, again when mentioned anew", async () => {
    const { owner, member, workspaceId, deal, asMember } = await fixture();
    const collab = await startCollab({ writeDelay: 30 });
    cleanup.push(() => collab.server.destroy());
    const a = await connect(collab.url, owner, `deal/${deal.id}`);
    cleanup.push(() => a.destroy());
    await settled(a);
    const paragraph = new Y.XmlElement("paragraph");
    const node = new Y.XmlElement("mention");
    node.setAttribute("id", member.id);
    node.setAttribute("label", member.name);
    paragraph.insert(0, [new Y.XmlText("Ask "), node]);
    a.doc.getXmlFragment(NOTE_FIELD).insert(0, [paragraph]);
    await waitFor(async () => (await asMember.notifications.list()).items.some((n) => n.kind === "mention"), "the mention notification");
    // More typing in the note does not tell them again.
    paragraph.insert(2, [new Y.XmlText(" about the budget")]);
    await new Promise((r) => setTimeout(r, 300));
    const mentions = async () => (await callerAs(member, workspaceId).notifications.list()).items.filter((n) => n.kind === "mention");
    expect((await mentions()).map((n) => n.title)).toEqual([`${owner.name} mentioned you in the note on “Harbor expansion”`]);

    // Enter before the mention splits the paragraph: the editor re-creates the mention node in a
    // new paragraph (a new Yjs item). Still the same mention: no second notification.
    const mentionNode = (label: string) => {
      const n = new Y.XmlElement("mention");
      n.setAttribute("id", member.id);
      n.setAttribute("label", label);
      return n;
    };
    a.doc.transact(() => {
      paragraph.delete(1, paragraph.length - 1);
      const second = new Y.XmlElement("paragraph");
      second.insert(0, [mentionNode(member.name), new Y.XmlText(" about the budget")]);
      a.doc.getXmlFragment(NOTE_FIELD).insert(1, [second]);
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(await mentions()).toHaveLength(1);

    // Every mention of them removed, then a new one: that is news.
    a.doc.transact(() => a.doc.getXmlFragment(NOTE_FIELD).delete(1, 1));
    await new Promise((r) => setTimeout(r, 300));
    const third = new Y.XmlElement("paragraph");
    third.insert(0, [new Y.XmlText("Over to "), mentionNode(member.name)]);
    a.doc.getXmlFragment(NOTE_FIELD).insert(1, [third]);
    await waitFor(async () => (await mentions()).length === 2, "the new mention to be announced");
  });
});
