import { afterEach, describe, expect, it } from "vitest";
import { readSession } from "@/server/auth/session";
import { SESSION_ABSOLUTE_SECONDS } from "@/server/auth/session-policy";
import { sessionCookie } from "./api-server";
import { connect, settled, startCollab, type Client } from "./collab-harness";
import { addMember, appDatabase, callerAs, newWorkspace, TEST_SECRET } from "./helpers";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** Who a request with this cookie is, as the API reads it. */
const whoIs = (cookie: string) => readSession({ cookie }, { secret: TEST_SECRET, secureCookie: false, db: appDatabase().db }).then((u) => u?.id ?? null);

function closedWith(client: Client) {
  return new Promise<{ code: number; ms: number }>((done) => {
    const start = performance.now();
    client.provider.on("close", ({ event }: { event: { code: number } }) => done({ code: event.code, ms: performance.now() - start }));
  });
}

describe("sessions", () => {
  it("signing out everywhere ends every session of the person, and only theirs; signing in again works", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const colleague = await addMember(workspaceId, "member", "Cole League");
    const laptop = await sessionCookie(owner);
    const phone = await sessionCookie(owner);
    const theirs = await sessionCookie(colleague);
    expect(await whoIs(laptop)).toBe(owner.id);

    await callerAs(owner, workspaceId).auth.signOutEverywhere();
    expect(await whoIs(laptop)).toBeNull();
    expect(await whoIs(phone)).toBeNull();
    expect(await whoIs(theirs)).toBe(colleague.id);
    expect(await whoIs(await sessionCookie(owner))).toBe(owner.id);
  });

  it("a session past its absolute lifetime is over, however active it was", async () => {
    const { owner } = await newWorkspace();
    expect(await whoIs(await sessionCookie(owner, Date.now() - (SESSION_ABSOLUTE_SECONDS - 60) * 1000))).toBe(owner.id);
    expect(await whoIs(await sessionCookie(owner, Date.now() - (SESSION_ABSOLUTE_SECONDS + 60) * 1000))).toBeNull();
    // A token from before this version, with no sign-in time, counts as over.
    const { encode } = await import("next-auth/jwt");
    const legacy = await encode({ token: { sub: owner.id }, secret: TEST_SECRET });
    expect(await whoIs(`next-auth.session-token=${legacy}`)).toBeNull();
  });

  it("an admin ends a member's sessions: their cookies stop working and their open record closes within a second", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const admin = await addMember(workspaceId, "admin", "Ada Admin");
    const member = await addMember(workspaceId, "member", "Mo Member");
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Sessions", stageId: stage!.id });
    const collab = await startCollab();
    cleanup.push(() => collab.server.destroy());
    const open = await connect(collab.url, member, `deal/${deal.id}`);
    cleanup.push(() => open.destroy());
    await settled(open);
    const cookie = await sessionCookie(member);

    const closed = closedWith(open);
    await callerAs(admin, workspaceId).workspace.endSessions({ userId: member.id });
    const { code, ms } = await closed;
    expect(code).toBe(4401);
    expect(ms).toBeLessThan(1000);
    expect(await whoIs(cookie)).toBeNull();

    // Only an owner ends an owner's sessions; deactivating someone ends theirs too.
    await expect(callerAs(admin, workspaceId).workspace.endSessions({ userId: owner.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const adminCookie = await sessionCookie(admin);
    await api.workspace.deactivateMember({ userId: admin.id });
    expect(await whoIs(adminCookie)).toBeNull();
  });
});
