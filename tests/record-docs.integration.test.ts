import { and, desc, eq } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { activities, deals, tasks } from "@/server/db/schema";
import { FIELDS, whoWrote } from "@/shared/record-doc";
import { addMember, callerAs, newWorkspace, testDatabase } from "./helpers";
import { connect, settled, startCollab, waitFor, type Client } from "./collab-harness";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fixture() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const stages = (await api.deals.pipelines())[0]!.stages;
  const deal = await api.deals.create({ title: "Harbor renewal", stageId: stages[0]!.id, amount: 5000, tags: ["renewal"] });
  const member = await addMember(workspaceId, "member", "Mia Member");
  const collab = await startCollab({ writeDelay: 100 });
  cleanup.push(() => collab.server.destroy());
  return { owner, member, workspaceId, api, stages, deal, url: collab.url, server: collab.server, document: `deal/${deal.id}` };
}

async function client(...args: Parameters<typeof connect>): Promise<Client> {
  const c = await connect(...args);
  cleanup.push(() => c.destroy());
  await settled(c);
  return c;
}

const fields = (c: Client) => c.doc.getMap<unknown>(FIELDS);
const text = (c: Client, key: string) => (fields(c).get(key) as Y.Text).toString();
const tagsOf = (c: Client) => [...(fields(c).get("tags") as Y.Map<boolean>).keys()].sort();

async function dealRow(id: string) {
  const [row] = await testDatabase().db.select().from(deals).where(eq(deals.id, id));
  return row!;
}

describe("record documents", () => {
  it("open with the record's fields, each with the type it merges as", async () => {
    const { owner, url, document, stages } = await fixture();
    const a = await client(url, owner, document);
    expect(fields(a).get("title")).toBeInstanceOf(Y.Text);
    expect(text(a, "title")).toBe("Harbor renewal");
    expect(fields(a).get("amount")).toBe(5000);
    expect(fields(a).get("stageId")).toBe(stages[0]!.id);
    expect(tagsOf(a)).toEqual(["renewal"]);
    expect(fields(a).get("expectedCloseDate")).toBeNull();
  });

  it("write live edits of different fields into the row, each by its author, and both survive", async () => {
    const { owner, member, url, document, deal, api } = await fixture();
    const a = await client(url, owner, document);
    const b = await client(url, member, document);

    a.doc.transact(() => (fields(a).get("title") as Y.Text).insert("Harbor renewal".length, " 2027"));
    b.doc.transact(() => fields(b).set("amount", 7500));
    await waitFor(() => text(b, "title") === "Harbor renewal 2027" && fields(a).get("amount") === 7500, "both edits in both browsers");
    await waitFor(async () => {
      const row = await dealRow(deal.id);
      return row.title === "Harbor renewal 2027" && row.amount === 7500;
    }, "both edits in the row", 3000);

    // The tRPC read shows them, and the timeline names who changed what.
    expect((await api.deals.get({ id: deal.id })).title).toBe("Harbor renewal 2027");
    const entries = await testDatabase()
      .db.select()
      .from(activities)
      .where(and(eq(activities.recordId, deal.id), eq(activities.kind, "fields_changed")))
      .orderBy(desc(activities.createdAt));
    const byActor = new Map(entries.map((e) => [e.actorId, JSON.stringify(e.data)]));
    expect(byActor.get(owner.id)).toContain("Harbor renewal 2027");
    expect(byActor.get(member.id)).toContain("7500");
  });

  it("merge two people typing in one text field, and tags added at once as a set", async () => {
    const { owner, member, url, document, deal } = await fixture();
    const a = await client(url, owner, document);
    const b = await client(url, member, document);
    // Both edit before either hears of the other's edit.
    (fields(a).get("title") as Y.Text).insert(0, "Big ");
    (fields(b).get("title") as Y.Text).insert("Harbor renewal".length, " (EU)");
    (fields(a).get("tags") as Y.Map<boolean>).set("priority", true);
    (fields(b).get("tags") as Y.Map<boolean>).set("eu", true);
    await waitFor(() => text(a, "title") === text(b, "title") && tagsOf(a).length === 3 && tagsOf(b).length === 3, "the two to converge");
    expect(text(a, "title")).toBe("Big Harbor renewal (EU)");
    expect(tagsOf(b)).toEqual(["eu", "priority", "renewal"]);
    await waitFor(async () => (await dealRow(deal.id)).title === "Big Harbor renewal (EU)", "the merged title in the row");
    expect((await dealRow(deal.id)).tags.sort()).toEqual(["eu", "priority", "renewal"]);
  });

  it("converge one value everywhere when two people set the same amount at once", async () => {
    const { owner, member, url, document, deal } = await fixture();
    const a = await client(url, owner, document);
    const b = await client(url, member, document);
    fields(a).set("amount", 6000);
    fields(b).set("amount", 9000);
    await waitFor(() => fields(a).get("amount") === fields(b).get("amount"), "one amount in both");
    const winner = fields(a).get("amount");
    expect([6000, 9000]).toContain(winner);
    await waitFor(async () => (await dealRow(deal.id)).amount === winner, "the winner in the row");
  });

  it("show writes made through tRPC live in every open document, with who made them", async () => {
    const { owner, member, url, document, deal, api, stages } = await fixture();
    const a = await client(url, member, document);
    const b = await client(url, member, document);
    await api.deals.update({ id: deal.id, title: "Harbor renewal — signed", amount: 12000 });
    await waitFor(() => text(a, "title") === "Harbor renewal — signed" && fields(b).get("amount") === 12000, "the API write in both documents", 2000);
    expect(whoWrote(a.doc, "amount")).toEqual({ id: owner.id, name: owner.name });

    // A board move (its own procedure) shows too.
    await api.deals.move({ id: deal.id, stageId: stages[2]!.id });
    await waitFor(() => fields(b).get("stageId") === stages[2]!.id, "the move in the document", 2000);
    // And the write is not echoed back into the row as a change of the document's.
    await new Promise((r) => setTimeout(r, 400));
    expect((await dealRow(deal.id)).updatedBy).toBe(owner.id);
  });

  it("refuse an invalid live value: it never reaches the row and its author is told why", async () => {
    const { owner, member, url, document, deal } = await fixture();
    const b = await client(url, member, document);
    fields(b).set("amount", -5);
    await waitFor(() => b.messages.length > 0, "the refusal message");
    expect(b.messages[0]).toMatchObject({ type: "refused", field: "amount", label: "Amount", message: "Amount cannot be negative." });
    await waitFor(() => fields(b).get("amount") === 5000, "the value to be taken back");
    expect((await dealRow(deal.id)).amount).toBe(5000);

    // An emptied required text waits while its author is still in the field, then goes back
    // as soon as they leave it (their awareness says so: no further edit needed).
    b.provider.setAwarenessField("user", { id: member.id, name: member.name });
    b.provider.setAwarenessField("field", "title");
    b.doc.transact(() => {
      const t = fields(b).get("title") as Y.Text;
      t.delete(0, t.length);
    });
    await new Promise((r) => setTimeout(r, 600));
    expect(text(b, "title")).toBe("");
    expect((await dealRow(deal.id)).title).toBe("Harbor renewal");
    const left = performance.now();
    b.provider.setAwarenessField("field", null);
    await waitFor(() => text(b, "title") === "Harbor renewal", "the title to come back", 4000);
    expect(performance.now() - left).toBeLessThan(1000);
    await waitFor(() => b.messages.some((m) => (m as { field?: string }).field === "title"), "the author to be told why");

    // Someone else's cursor in the field does not hold back a refused value of its author's.
    const a = await client(url, owner, document);
    a.provider.setAwarenessField("user", { id: owner.id, name: owner.name });
    a.provider.setAwarenessField("field", "title");
    await new Promise((r) => setTimeout(r, 100));
    b.doc.transact(() => {
      const t = fields(b).get("title") as Y.Text;
      t.delete(0, t.length);
    });
    await waitFor(() => text(b, "title") === "Harbor renewal", "the title to come back at once", 2000);
  });

  it("write an edit the log holds but the row missed when the document opens again", async () => {
    const { owner, url, server, document, deal } = await fixture();
    const a = await client(url, owner, document);
    await waitFor(() => text(a, "title") === "Harbor renewal", "the document");
    a.destroy();
    await waitFor(() => server.hocuspocus.getDocumentsCount() === 0, "the first server to unload the document");
    // Another server whose write to the row has not happened yet (as if killed right now).
    const crashed = await startCollab({ writeDelay: 60_000, debounce: 60_000 });
    const c = await client(crashed.url, owner, document);
    (fields(c).get("title") as Y.Text).insert(0, "Lost? ");
    await waitFor(() => !c.provider.hasUnsyncedChanges, "the edit to be acknowledged");
    expect((await dealRow(deal.id)).title).toBe("Harbor renewal");
    // The first server opens the document from the log alone and writes what the row lacks.
    const b = await client(url, owner, document);
    expect(text(b, "title")).toBe("Lost? Harbor renewal");
    await waitFor(async () => (await dealRow(deal.id)).title === "Lost? Harbor renewal", "the recovered edit in the row");
    cleanup.push(() => crashed.server.destroy());
  });

  it("make a task a live document too: its fields both ways, its due time as an instant, its rules on live edits", async () => {
    const { owner, member, url, api, workspaceId } = await fixture();
    const task = await api.tasks.create({ title: "Call Harbor back", dueAt: new Date("2026-12-03T09:30:00Z"), assigneeId: member.id, priority: "high" });
    const document = `task/${task.id}`;
    const a = await client(url, owner, document);
    const b = await client(url, member, document);
    expect(text(a, "title")).toBe("Call Harbor back");
    expect(fields(a).get("dueAt")).toBe("2026-12-03T09:30:00.000Z");
    expect(fields(a).get("assigneeId")).toBe(member.id);
    expect(fields(a).get("priority")).toBe("high");

    const row = async () => (await testDatabase().db.select().from(tasks).where(eq(tasks.id, task.id)))[0]!;
    // Live edits reach the row by their authors: status done stamps the completion.
    (fields(b).get("title") as Y.Text).insert("Call Harbor back".length, " about the renewal");
    fields(a).set("status", "done");
    fields(a).set("dueAt", "2026-12-04T15:00:00.000Z");
    await waitFor(async () => {
      const r = await row();
      return r.title === "Call Harbor back about the renewal" && r.status === "done" && r.dueAt?.toISOString() === "2026-12-04T15:00:00.000Z";
    }, "the task's live edits in its row", 3000);
    expect((await row()).completedAt).not.toBeNull();

    // The API's writes show live.
    await api.tasks.update({ id: task.id, priority: "urgent", notes: "Ask for the signed order form." });
    await waitFor(() => fields(b).get("priority") === "urgent" && text(b, "notes") === "Ask for the signed order form.", "the API write in the task document", 2000);

    // Rules hold for live edits: the assignee must be a member of the workspace.
    const outsider = (await newWorkspace()).owner;
    fields(a).set("assigneeId", outsider.id);
    await waitFor(() => a.messages.length > 0, "the refusal to reach its author", 3000);
    expect(a.messages[0]).toMatchObject({ type: "refused", field: "assigneeId", message: "Tasks can only be assigned to members of this workspace." });
    await waitFor(() => fields(b).get("assigneeId") === member.id, "the refused value taken back");
    expect((await row()).assigneeId).toBe(member.id);
    expect(workspaceId).toBe((await row()).workspaceId);
  });
});
