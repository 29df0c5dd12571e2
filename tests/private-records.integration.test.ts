import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { authorizeDocument } from "@/server/domain/collab/authorize-document";
import { inWorkspace } from "@/server/db/client";
import { addMember, appDatabase, callerAs, newWorkspace } from "./helpers";

type Caller = ReturnType<typeof callerAs>;

/** What a caller gets back, as text (an error's code when refused). */
async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    return JSON.stringify((await run()) ?? null);
  } catch (error) {
    return `refused: ${(error as { code?: string }).code ?? (error as Error).message}`;
  }
}

async function setUp() {
  const mark = `Pv${randomUUID().slice(0, 8)}`;
  const { owner, workspaceId } = await newWorkspace("Private Co");
  const admin = callerAs(owner, workspaceId);
  const samUser = await addMember(workspaceId, "member", "Sam Seller");
  const maxUser = await addMember(workspaceId, "manager", "Max Manager");
  const sam = callerAs(samUser, workspaceId);
  const max = callerAs(maxUser, workspaceId);
  const stage = (await admin.deals.pipelines())[0]!.stages[0]!;
  const deal = await sam.deals.create({ title: `${mark} secret merger`, stageId: stage.id, amount: 987_654 });
  const comment = await sam.comments.create({ recordType: "deal", recordId: deal.id, body: `${mark} comment` });
  await sam.timeline.log({ recordType: "deal", recordId: deal.id, kind: "call", subject: `${mark} call`, body: "" });
  const document = await sam.documents.create({ recordType: "deal", recordId: deal.id, title: `${mark} term sheet` });
  return { mark, owner, workspaceId, admin, samUser, maxUser, sam, max, deal, comment, document };
}

/** Every read door a colleague might use on the deal, with its answer as text. */
async function readDoors(who: Caller, s: Awaited<ReturnType<typeof setUp>>) {
  const doors: Record<string, () => Promise<unknown>> = {
    "deals.get": () => who.deals.get({ id: s.deal.id }),
    "deals.list": () => who.deals.list({ search: s.mark }),
    "deals.people": () => who.deals.people({ id: s.deal.id }),
    "search.global": () => who.search.global({ q: s.mark }),
    "records.query": () => who.records.query({ object: "deal", search: s.mark }),
    "exports.page": () => who.exports.page({ object: "deal", search: s.mark }),
    "timeline.list": () => who.timeline.list({ recordType: "deal", recordId: s.deal.id }),
    "comments.list": () => who.comments.list({ recordType: "deal", recordId: s.deal.id }),
    "documents.list": () => who.documents.list({ recordType: "deal", recordId: s.deal.id }),
    "documents.get": () => who.documents.get({ id: s.document.id }),
    "sensitive.summary": () => who.sensitive.summary({ object: "deal", recordId: s.deal.id }),
    "records.visibility": () => who.records.visibility({ object: "deal", id: s.deal.id }),
    "dashboard.summary": () => who.dashboard.summary({ scope: "workspace" }),
  };
  const out: Record<string, string> = {};
  for (const [door, run] of Object.entries(doors)) out[door] = await outcome(run);
  return out;
}

describe("records private to their owner", () => {
  it("where the workspace allows it, a private deal is seen by its owner and the admins only — through every door", async () => {
    const s = await setUp();
    // Not allowed yet.
    await expect(s.sam.records.setVisibility({ object: "deal", id: s.deal.id, visibility: "private" })).rejects.toMatchObject({ message: expect.stringContaining("does not allow private records") });
    await s.admin.workspace.setSecurity({ privateRecords: true });
    // Only the owner (or an admin) changes it.
    await expect(s.max.records.setVisibility({ object: "deal", id: s.deal.id, visibility: "private" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await s.sam.records.setVisibility({ object: "deal", id: s.deal.id, visibility: "private" })).toMatchObject({ visibility: "private", ownerName: "Sam Seller", canChange: true });

    const seenByMax = await readDoors(s.max, s);
    const leaks = Object.entries(seenByMax).filter(([, body]) => body.includes(s.mark) || body.includes("987654"));
    expect(leaks).toEqual([]);
    expect(seenByMax["deals.get"]).toBe("refused: NOT_FOUND");
    // Nor can Max change or delete it.
    expect(await outcome(() => s.max.deals.update({ id: s.deal.id, title: "Hijacked" }))).toMatch(/^refused/);
    expect(await outcome(() => s.max.deals.delete({ id: s.deal.id }))).toMatch(/^refused/);
    expect(await outcome(() => s.max.comments.create({ recordType: "deal", recordId: s.deal.id, body: "hello?" }))).toMatch(/^refused/);
    // Nor open its live document, or its shared documents'.
    await expect(authorizeDocument(appDatabase().db, s.maxUser.id, `deal/${s.deal.id}`)).rejects.toMatchObject({ appCode: "document.not_found" });
    await expect(authorizeDocument(appDatabase().db, s.maxUser.id, `document/${s.document.id}`)).rejects.toMatchObject({ appCode: "document.not_found" });

    // Sam and the workspace's owner see it all.
    for (const who of [s.sam, s.admin]) {
      const seen = await readDoors(who, s);
      expect(seen["deals.get"]).toContain(s.mark);
      expect(seen["search.global"]).toContain(s.mark);
      expect(seen["comments.list"]).toContain(s.mark);
    }
    await expect(authorizeDocument(appDatabase().db, s.samUser.id, `deal/${s.deal.id}`)).resolves.toMatchObject({ readOnly: false });
    await expect(authorizeDocument(appDatabase().db, s.owner.id, `deal/${s.deal.id}`)).resolves.toMatchObject({ readOnly: false });

    // Max followed the deal before it was private: what happens to it now tells him nothing.
    await s.max.comments.follow({ recordType: "deal", recordId: s.deal.id, follow: true }).catch(() => undefined);
    await inWorkspace(appDatabase().db, s.workspaceId, (tx) => tx.execute(sql`insert into record_follows (workspace_id, record_type, record_id, user_id) values (${s.workspaceId}, 'deal', ${s.deal.id}, ${s.maxUser.id}) on conflict do nothing`));
    await s.sam.comments.create({ recordType: "deal", recordId: s.deal.id, body: `news @[Max Manager](${s.maxUser.id})` });
    const told = await inWorkspace(appDatabase().db, s.workspaceId, (tx) => tx.execute<{ title: string }>(sql`select title from notifications where user_id = ${s.maxUser.id}`));
    expect([...told].filter((n) => n.title.includes(s.mark))).toEqual([]);
    expect(JSON.stringify(await s.max.notifications.list())).not.toContain(s.mark);

    // The system's own work (jobs) still sees it.
    const [row] = await inWorkspace(appDatabase().db, s.workspaceId, (tx) => tx.execute<{ n: number }>(sql`select count(*)::int as n from deals where id = ${s.deal.id}`));
    expect(row!.n).toBe(1);

    // The workspace stops allowing private records: everyone sees it again.
    await s.admin.workspace.setSecurity({ privateRecords: false });
    expect(await outcome(() => s.max.deals.get({ id: s.deal.id }))).toContain(s.mark);
  });

  it("in the database itself: a transaction that has not said who it is sees no private row", async () => {
    const s = await setUp();
    await s.admin.workspace.setSecurity({ privateRecords: true });
    await s.sam.records.setVisibility({ object: "deal", id: s.deal.id, visibility: "private" });
    const { db } = appDatabase();
    const count = (settings: string) =>
      db.transaction(async (tx) => {
        await tx.execute(sql.raw(settings));
        const [r] = await tx.execute<{ n: number }>(sql`select count(*)::int as n from deals where id = ${s.deal.id}`);
        return r!.n;
      });
    const ws = `select set_config('app.workspace_id', '${s.workspaceId}', true)`;
    expect(await count(ws)).toBe(0);
    expect(await count(`${ws}, set_config('app.user_id', '${s.maxUser.id}', true)`)).toBe(0);
    expect(await count(`${ws}, set_config('app.user_id', '${s.samUser.id}', true)`)).toBe(1);
    // Nor can one plant a private record in someone else's name.
    const stage = (await s.admin.deals.pipelines())[0]!.stages[0]!;
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql.raw(`${ws}, set_config('app.user_id', '${s.maxUser.id}', true)`));
        await tx.execute(sql`insert into deals (workspace_id, title, stage_id, pipeline_id, visibility, owner_id) select ${s.workspaceId}, 'planted', ${stage.id}, pipeline_id, 'private', ${s.samUser.id} from pipeline_stages where id = ${stage.id}`);
      }),
    ).rejects.toMatchObject({ cause: { code: "42501" } });
  });

  it("a record private to a team: its members see it, others do not; out of the team, out of sight; a deleted team leaves it to its owner", async () => {
    const s = await setUp();
    await s.admin.workspace.setSecurity({ privateRecords: true });
    const east = await s.admin.teams.create({ name: "East" });
    await expect(s.admin.teams.create({ name: "east" })).rejects.toThrow("A team with this name already exists.");
    await s.admin.teams.setMember({ teamId: east.id, userId: s.samUser.id, member: true });
    const ivy = await addMember(s.workspaceId, "member", "Ivy InTeam");
    await s.admin.teams.setMember({ teamId: east.id, userId: ivy.id, member: true });
    const inTeam = callerAs(ivy, s.workspaceId);
    // Max is in no team: he cannot share with East, nor make teams.
    await expect(s.max.teams.create({ name: "Mine" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await s.sam.records.setVisibility({ object: "deal", id: s.deal.id, visibility: "team", teamId: east.id })).toMatchObject({ visibility: "team", teamName: "East" });
    expect(await outcome(() => inTeam.deals.get({ id: s.deal.id }))).toContain(s.mark);
    expect(await outcome(() => inTeam.comments.list({ recordType: "deal", recordId: s.deal.id }))).toContain(s.mark);
    // Someone who may see it is still told of what happens to it.
    await s.sam.comments.create({ recordType: "deal", recordId: s.deal.id, body: `over to you @[Ivy InTeam](${ivy.id})` });
    expect(JSON.stringify(await inTeam.notifications.list())).toContain(s.mark);
    await expect(authorizeDocument(appDatabase().db, ivy.id, `deal/${s.deal.id}`)).resolves.toMatchObject({ readOnly: false });
    const maxSees = await readDoors(s.max, s);
    expect(Object.entries(maxSees).filter(([, body]) => body.includes(s.mark))).toEqual([]);

    // Out of the team: out of sight, at once.
    await s.admin.teams.setMember({ teamId: east.id, userId: ivy.id, member: false });
    expect(await outcome(() => inTeam.deals.get({ id: s.deal.id }))).toBe("refused: NOT_FOUND");
    // Someone not in the team cannot share with it.
    const maxDeal = await s.max.deals.create({ title: "Max's", stageId: (await s.admin.deals.pipelines())[0]!.stages[0]!.id });
    await expect(s.max.records.setVisibility({ object: "deal", id: maxDeal.id, visibility: "team", teamId: east.id })).rejects.toThrow("only with a team you are in");
    // The team goes: the record stays its owner's (and the admins').
    await s.admin.teams.delete({ id: east.id });
    expect(await s.sam.records.visibility({ object: "deal", id: s.deal.id })).toMatchObject({ visibility: "team", teamName: null });
    expect(await outcome(() => s.sam.deals.get({ id: s.deal.id }))).toContain(s.mark);
    expect(await outcome(() => s.max.deals.get({ id: s.deal.id }))).toBe("refused: NOT_FOUND");
  });
});
