import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { FIELDS } from "@/shared/record-doc";
import { authenticateApiKey } from "@/server/domain/api-keys/api-keys";
import { addMember, callerAs, newWorkspace, testDatabase } from "./helpers";
import { connect, readNote, settled, startCollab, waitFor, writeNote, type Client } from "./collab-harness";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function fixture() {
  const { owner, workspaceId } = await newWorkspace();
  const api = callerAs(owner, workspaceId);
  const [stage] = (await api.deals.pipelines())[0]!.stages;
  const deal = await api.deals.create({ title: "Access", stageId: stage!.id });
  const member = await addMember(workspaceId, "member", "Mia Member");
  const collab = await startCollab({ writeDelay: 50 });
  cleanup.push(() => collab.server.destroy());
  const open = async (user: typeof owner) => {
    const c = await connect(collab.url, user, `deal/${deal.id}`, undefined, { reconnect: true });
    cleanup.push(() => c.destroy());
    await settled(c);
    return c;
  };
  return { owner, member, workspaceId, api, deal, open };
}

/** Resolves when the client's connection closes, with how long that took from `since`. */
function closed(client: Client, since: () => number) {
  return new Promise<number>((done) => client.provider.on("close", () => done(performance.now() - since())));
}

describe("access changes reach open connections", () => {
  it("closes a removed member's connection within a second, and refuses them after", async () => {
    const { owner, member, api, open } = await fixture();
    const a = await open(owner);
    const m = await open(member);
    let start = 0;
    const gone = closed(m, () => start);
    start = performance.now();
    await api.workspace.removeMember({ userId: member.id });
    const ms = await gone;
    expect(ms).toBeLessThan(1000);

    // Reconnecting (the provider does by itself) is refused, and nothing they write gets through.
    await waitFor(() => m.failures.length > 0, "the reconnect to be refused");
    writeNote(m.doc, "Written after removal");
    await new Promise((r) => setTimeout(r, 300));
    expect(readNote(a.doc)).not.toContain("Written after removal");
  });

  it("closes a colleague's open deal the moment it is made private, or its team loses them; its owner goes on", async () => {
    const { owner, member, api, deal, workspaceId, open } = await fixture();
    await api.workspace.setSecurity({ privateRecords: true });
    const team = await api.teams.create({ name: "Deal team" });
    await api.teams.setMember({ teamId: team.id, userId: member.id, member: true });
    await api.records.setVisibility({ object: "deal", id: deal.id, visibility: "team", teamId: team.id });
    const a = await open(owner);
    const m = await open(member);
    // Out of the team: the document closes at once and does not open again.
    let start = performance.now();
    let gone = closed(m, () => start);
    start = performance.now();
    await api.teams.setMember({ teamId: team.id, userId: member.id, member: false });
    expect(await gone).toBeLessThan(1000);
    await waitFor(() => m.failures.length > 0, "the reconnect to be refused");
    writeNote(m.doc, "Written out of the team");
    await new Promise((r) => setTimeout(r, 300));
    expect(readNote(a.doc)).not.toContain("Written out of the team");

    // Back in the team, then the deal made private to its owner: closed again.
    await api.teams.setMember({ teamId: team.id, userId: member.id, member: true });
    const m2 = await open(member);
    start = performance.now();
    gone = closed(m2, () => start);
    await api.records.setVisibility({ object: "deal", id: deal.id, visibility: "private" });
    expect(await gone).toBeLessThan(1000);
    // The owner's own connection stayed, and what they write still reaches the record's readers.
    const again = await open(owner);
    writeNote(a.doc, "Owner still here");
    await waitFor(() => readNote(again.doc).includes("Owner still here"), "the owner's edit to arrive");
    expect(a.failures).toEqual([]);
    expect(workspaceId).toBeTruthy();
  });

  it("reconnects someone made a viewer read-only, and lets them write again when made a member", async () => {
    const { owner, member, api, open } = await fixture();
    const a = await open(owner);
    const m = await open(member);
    const title = () => (a.doc.getMap(FIELDS).get("title") as Y.Text).toString();

    await api.workspace.changeRole({ userId: member.id, role: "viewer" });
    await waitFor(() => m.provider.isSynced === false, "the member's connection to close");
    await waitFor(() => m.provider.isSynced, "them to be back, read-only");
    (m.doc.getMap(FIELDS).get("title") as Y.Text).insert(0, "Viewer: ");
    await new Promise((r) => setTimeout(r, 300));
    expect(title()).toBe("Access");

    await api.workspace.changeRole({ userId: member.id, role: "member" });
    await waitFor(() => m.provider.isSynced === false, "the connection to close again");
    await waitFor(() => m.provider.isSynced, "them to be back with write access");
    (m.doc.getMap(FIELDS).get("title") as Y.Text).insert(0, "Member: ");
    await waitFor(() => title().startsWith("Member: "), "their edit to reach the owner");
  });

  it("keeps an owner: only owners change owners, and the last owner stays", async () => {
    const { owner, workspaceId, api } = await fixture();
    const admin = await addMember(workspaceId, "admin", "Ada Admin");
    const asAdmin = callerAs(admin, workspaceId);
    await expect(asAdmin.workspace.changeRole({ userId: owner.id, role: "member" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(asAdmin.workspace.removeMember({ userId: owner.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(api.workspace.removeMember({ userId: owner.id })).rejects.toThrow("A workspace needs an owner");
    const viewer = await addMember(workspaceId, "viewer", "Vic Viewer");
    await expect(callerAs(viewer, workspaceId).workspace.removeMember({ userId: admin.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    // With a second owner, the first can step down.
    await api.workspace.changeRole({ userId: admin.id, role: "owner" });
    await api.workspace.changeRole({ userId: owner.id, role: "admin" });
    expect((await asAdmin.workspace.members()).find((m) => m.userId === owner.id)?.role).toBe("admin");
  });

  it("ends a removed member's live subscription", async () => {
    const { member, workspaceId, api } = await fixture();
    const stream = await callerAs(member, workspaceId).live.changes(undefined);
    const ended = (async () => {
      try {
        for await (const change of stream) void change;
        return "ended";
      } catch (error) {
        return (error as { appCode?: string }).appCode ?? String(error);
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    await api.workspace.removeMember({ userId: member.id });
    expect(await ended).toBe("workspace.access_changed");
  });

  it("deactivating a member closes their connections within a second and shuts every door until they are reactivated", async () => {
    const { owner, member, workspaceId, api, deal, open } = await fixture();
    const asMember = callerAs(member, workspaceId);
    const keyholder = await addMember(workspaceId, "admin", "Kai Keyholder");
    const key = await callerAs(keyholder, workspaceId).apiKeys.create({ name: "Kai's sync", access: "read", objects: ["deal"] });
    const a = await open(owner);
    const m = await open(member);
    const stream = await asMember.live.changes(undefined);
    const streamEnded = (async () => {
      try {
        for await (const change of stream) void change;
        return "ended";
      } catch (error) {
        return (error as { appCode?: string }).appCode ?? String(error);
      }
    })();

    let start = 0;
    const gone = closed(m, () => start);
    start = performance.now();
    await api.workspace.deactivateMember({ userId: member.id });
    expect(await gone).toBeLessThan(1000);
    await api.workspace.deactivateMember({ userId: keyholder.id });
    expect(await streamEnded).toBe("workspace.access_changed");
    await waitFor(() => m.failures.length > 0, "the reconnect to be refused");
    writeNote(m.doc, "Written while deactivated");

    // Every other door: tRPC (and so REST), their API key, being picked or mentioned.
    await expect(asMember.deals.get({ id: deal.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await authenticateApiKey(testDatabase().db, key.token)).toBeNull();
    expect((await api.workspace.members()).map((p) => p.userId)).not.toContain(member.id);
    await expect(api.tasks.create({ title: "For Mia", assigneeId: member.id })).rejects.toThrow("Tasks can only be assigned to members of this workspace.");
    const listed = (await api.workspace.memberships()).find((p) => p.userId === member.id)!;
    expect(listed.disabledAt).not.toBeNull();
    expect(listed.disabledByName).toBe(owner.name);
    expect(readNote(a.doc)).not.toContain("Written while deactivated");

    // Rules: not oneself, and an admin cannot deactivate an owner.
    await expect(api.workspace.deactivateMember({ userId: owner.id })).rejects.toThrow("You cannot deactivate yourself");
    const admin = await addMember(workspaceId, "admin", "Ada Admin");
    await expect(callerAs(admin, workspaceId).workspace.deactivateMember({ userId: owner.id })).rejects.toMatchObject({ code: "FORBIDDEN" });

    // Reactivated, they are back with their role, their key works again.
    await api.workspace.reactivateMember({ userId: member.id });
    await api.workspace.reactivateMember({ userId: keyholder.id });
    expect((await asMember.deals.get({ id: deal.id })).title).toBe("Access");
    expect(await authenticateApiKey(testDatabase().db, key.token)).not.toBeNull();
    const back = await open(member);
    expect(back.provider.isSynced).toBe(true);
  });
});
