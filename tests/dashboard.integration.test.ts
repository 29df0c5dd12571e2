import { describe, expect, it } from "vitest";
import { addMember, callerAs, newWorkspace } from "./helpers";

const iso = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe("dashboard", () => {
  it("adds up the pipeline per stage and currency, the forecast, this month's wins, the win rate and what closes soon", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const member = await addMember(workspaceId, "member", "Mia Member");
    const asMember = callerAs(member, workspaceId);
    const stages = (await api.deals.pipelines())[0]!.stages;
    const stage = (name: string) => stages.find((s) => s.name === name)!.id;

    await api.deals.create({ title: "Qualified one", stageId: stage("Qualified"), amount: 10_000, expectedCloseDate: iso(5) });
    await api.deals.create({ title: "Proposal EUR", stageId: stage("Proposal"), amount: 4_000, currency: "EUR", expectedCloseDate: iso(60) });
    const late = await asMember.deals.create({ title: "Late negotiation", stageId: stage("Negotiation"), amount: 20_000, probability: 90, expectedCloseDate: iso(-3) });
    const win = await asMember.deals.create({ title: "Soon won", stageId: stage("Proposal"), amount: 7_000 });
    const loss = await api.deals.create({ title: "Soon lost", stageId: stage("Proposal"), amount: 1_000 });
    await asMember.deals.move({ id: win.id, stageId: stage("Won") });
    await api.deals.move({ id: loss.id, stageId: stage("Lost") });
    await api.tasks.create({ title: "Overdue call", dueAt: new Date(Date.now() - 3_600_000), assigneeId: owner.id });
    await api.tasks.create({ title: "Later call", dueAt: new Date(Date.now() + 2 * 86_400_000), assigneeId: owner.id });
    await api.tasks.create({ title: "Mia's call", assigneeId: member.id });

    const all = await api.dashboard.summary({ scope: "workspace" });
    const byName = new Map(all.stages.map((s) => [s.name, s]));
    expect(byName.get("Qualified")).toMatchObject({ count: 1, value: [{ currency: "USD", amount: 10_000 }] });
    expect(byName.get("Proposal")!.count).toBe(1);
    expect(byName.get("Proposal")!.value).toEqual([{ currency: "EUR", amount: 4_000 }]);
    expect(byName.get("Won")).toMatchObject({ kind: "won", count: 1 });
    expect(all.open.count).toBe(3);
    // Currencies are never added together.
    expect(all.open.value).toEqual(expect.arrayContaining([{ currency: "USD", amount: 30_000 }, { currency: "EUR", amount: 4_000 }]));
    // 10,000 × 25% + 20,000 × 90% (the deal's own probability) in USD; 4,000 × 50% in EUR.
    expect(all.open.weighted).toEqual(expect.arrayContaining([{ currency: "USD", amount: 20_500 }, { currency: "EUR", amount: 2_000 }]));
    expect(all.wonThisMonth).toEqual({ count: 1, value: [{ currency: "USD", amount: 7_000 }] });
    expect(all.lostThisMonth.count).toBe(1);
    expect(all.winRate90).toBe(50);
    // Overdue first, nothing beyond 30 days, nothing closed.
    expect(all.closingSoon.map((d) => d.title)).toEqual([late.title, "Qualified one"]);
    expect(all.tasks).toEqual({ open: 2, overdue: 1, dueThisWeek: 1 });

    // "My deals": only those the person owns.
    const mine = await asMember.dashboard.summary({ scope: "mine" });
    expect(mine.open.count).toBe(1);
    expect(mine.wonThisMonth.count).toBe(1);
    expect(mine.winRate90).toBe(100);
    expect(mine.tasks.open).toBe(1);

    // Another workspace sees none of it.
    const other = await newWorkspace();
    const theirs = await callerAs(other.owner, other.workspaceId).dashboard.summary({ scope: "workspace" });
    expect(theirs.open.count).toBe(0);
    expect(theirs.closingSoon).toEqual([]);
  });
});
