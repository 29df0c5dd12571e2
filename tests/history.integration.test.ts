import { and, count, eq, max, sql } from "drizzle-orm";
import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { documents, documentUpdates } from "@/server/db/schema";
import { compactHistory } from "@/server/domain/record-docs/history";
import { FIELDS, writeDocValue, docFields } from "@/shared/record-doc";
import { addMember, callerAs, newWorkspace, testDatabase } from "./helpers";
import { connect, settled, startCollab, waitFor, writeNote, type Client } from "./collab-harness";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const fields = (c: Client) => c.doc.getMap<unknown>(FIELDS);
const typeInto = async (c: Client, key: string, text: string) => {
  for (const ch of text) {
    const t = fields(c).get(key) as Y.Text;
    t.insert(t.length, ch);
    await new Promise((r) => setTimeout(r, 5));
  }
  await waitFor(() => !c.provider.hasUnsyncedChanges, "the edit to be acknowledged");
};

async function fixture() {
  const { owner, workspaceId } = await newWorkspace();
  const member = await addMember(workspaceId, "member", "Mia Member");
  const api = callerAs(owner, workspaceId);
  const [stage] = (await api.deals.pipelines())[0]!.stages;
  const deal = await api.deals.create({ title: "Atlas", stageId: stage!.id, amount: 1000 });
  const collab = await startCollab({ writeDelay: 50, debounce: 100 });
  cleanup.push(() => collab.server.destroy());
  const open = async (user: typeof owner) => {
    const c = await connect(collab.url, user, `deal/${deal.id}`);
    cleanup.push(() => c.destroy());
    await settled(c);
    return c;
  };
  return { owner, member, workspaceId, api, deal, open, document: `deal/${deal.id}` };
}

describe("record history", () => {
  it("lists who changed which field when, with per-field blame, and any version can be read back", async () => {
    const { owner, member, api, deal, open } = await fixture();
    const a = await open(owner);
    const b = await open(member);
    await typeInto(a, "title", " renewal");
    b.doc.transact(() => fields(b).set("amount", 2500));
    await waitFor(() => !b.provider.hasUnsyncedChanges, "B's edit to be acknowledged");
    writeNote(a.doc, "Call on Monday");
    await typeInto(a, "title", " 2027");
    await waitFor(async () => (await api.deals.get({ id: deal.id })).title === "Atlas renewal 2027", "the row");

    const { versions, blame } = await api.history.list({ object: "deal", id: deal.id });
    // Newest first; the oldest is the record as the document first opened.
    expect(versions.at(-1)).toMatchObject({ baseline: true, changes: [] });
    const story = versions
      .slice(0, -1)
      .reverse()
      .map((v) => [v.user?.name, v.changes.map((c) => `${c.label}: ${JSON.stringify(c.from)} → ${JSON.stringify(c.to)}`)]);
    expect(story).toEqual([
      [owner.name, ['Title: "Atlas" → "Atlas renewal"']],
      [member.name, ["Amount: 1000 → 2500"]],
      [owner.name, ['Title: "Atlas renewal" → "Atlas renewal 2027"', 'Note: null → "Call on Monday"']],
    ]);
    expect(blame.title?.user?.name).toBe(owner.name);
    expect(blame.amount?.user?.name).toBe(member.name);

    // The version after Mia's edit, read back.
    const afterMia = versions.find((v) => v.user?.id === member.id)!;
    const { state } = await api.history.version({ object: "deal", id: deal.id, upTo: afterMia.upTo });
    const then = new Y.Doc();
    Y.applyUpdate(then, Buffer.from(state, "base64"));
    expect((then.getMap(FIELDS).get("title") as Y.Text).toString()).toBe("Atlas renewal");
    expect(then.getMap(FIELDS).get("amount")).toBe(2500);

    // A restore is a new edit, by whoever restores, that reaches the row like any other.
    const titleField = docFields.deal.find((f) => f.key === "title")!;
    b.doc.transact(() => writeDocValue(fields(b), titleField, (then.getMap(FIELDS).get("title") as Y.Text).toString()));
    await waitFor(async () => (await api.deals.get({ id: deal.id })).title === "Atlas renewal", "the restored title in the row");
    const after = await api.history.list({ object: "deal", id: deal.id });
    expect(after.versions[0]).toMatchObject({ user: { name: member.name }, changes: [{ label: "Title", from: "Atlas renewal 2027", to: "Atlas renewal" }] });
  });

  it("is refused to members of other workspaces", async () => {
    const { deal } = await fixture();
    const stranger = await newWorkspace("Other");
    await expect(callerAs(stranger.owner, stranger.workspaceId).history.list({ object: "deal", id: deal.id })).rejects.toThrow();
  });

  it("compacts old updates into one per version without changing the history shown", async () => {
    const { owner, member, workspaceId, api, deal, open, document } = await fixture();
    const a = await open(owner);
    const b = await open(member);
    await typeInto(a, "title", " one");
    await typeInto(b, "title", " two");
    await typeInto(a, "title", " three");
    const { db } = testDatabase();
    const scope = and(eq(documentUpdates.workspaceId, workspaceId), eq(documentUpdates.name, document));
    a.destroy();
    b.destroy();
    // Everyone gone: the server stores a snapshot that holds the whole log.
    await waitFor(async () => {
      const [snap] = await db.select().from(documents).where(and(eq(documents.workspaceId, workspaceId), eq(documents.name, document)));
      const [{ last } = { last: null }] = await db.select({ last: max(documentUpdates.id) }).from(documentUpdates).where(scope);
      return Boolean(snap && last && snap.coveredUpdateId === last);
    }, "a snapshot covering the log");
    // As if it all happened two hours ago.
    await db.update(documentUpdates).set({ createdAt: sql`${documentUpdates.createdAt} - interval '2 hours'` }).where(scope);
    const before = await api.history.list({ object: "deal", id: deal.id });
    const [{ n: rowsBefore } = { n: 0 }] = await db.select({ n: count() }).from(documentUpdates).where(scope);
    const removed = await compactHistory({ db, workspaceId }, document);
    const [{ n: rowsAfter } = { n: 0 }] = await db.select({ n: count() }).from(documentUpdates).where(scope);
    expect(removed).toBeGreaterThan(10);
    expect(rowsAfter).toBe(rowsBefore - removed);
    expect(await api.history.list({ object: "deal", id: deal.id })).toEqual(before);

    // And the document still opens whole.
    const c = await open(owner);
    expect((fields(c).get("title") as Y.Text).toString()).toBe("Atlas one two three");
  });
});
