import { describe, expect, it } from "vitest";
import { addMember, callerAs, newWorkspace } from "./helpers";

describe("pipelines", () => {
  it("admins add pipelines and arrange their stages; removed stages hand their deals on", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const partners = await api.deals.createPipeline({ name: "Partnerships" });
    let [, second] = await api.deals.pipelines();
    expect(second).toMatchObject({ id: partners.id, name: "Partnerships" });
    expect(second!.stages.map((s) => s.name)).toEqual(["Lead in", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]);

    const [leadIn, qualified, proposal, negotiation, won, lost] = second!.stages;
    const a = await api.deals.create({ title: "Reseller deal", stageId: proposal!.id });
    const b = await api.deals.create({ title: "Referral deal", stageId: negotiation!.id });
    await api.deals.delete({ id: b.id });

    const arranged = {
      pipelineId: partners.id,
      stages: [
        { id: qualified!.id, name: "Intro call", probability: 20, kind: "open" as const },
        { id: leadIn!.id, name: "Sourced", probability: 5, kind: "open" as const },
        { name: "Contract", probability: 80, kind: "open" as const },
        { id: won!.id, name: "Signed", probability: 100, kind: "won" as const },
        { id: lost!.id, name: "Lost", probability: 0, kind: "lost" as const },
      ],
    };
    // Proposal holds a deal, Negotiation a trashed one: both need a destination.
    await expect(api.deals.saveStages(arranged)).rejects.toMatchObject({
      cause: { appCode: "stage.has_deals" },
      message: expect.stringMatching(/^“(Proposal|Negotiation)” holds 1 deal: choose the stage they move to/),
    });
    // Nothing was half-done.
    expect((await api.deals.pipelines())[1]!.stages.map((s) => s.name)).toEqual(["Lead in", "Qualified", "Proposal", "Negotiation", "Won", "Lost"]);

    await api.deals.saveStages({ ...arranged, moveDealsTo: { [proposal!.id]: 2, [negotiation!.id]: qualified!.id } });
    [, second] = await api.deals.pipelines();
    expect(second!.stages.map((s) => [s.name, s.probability, s.kind])).toEqual([
      ["Intro call", 20, "open"],
      ["Sourced", 5, "open"],
      ["Contract", 80, "open"],
      ["Signed", 100, "won"],
      ["Lost", 0, "lost"],
    ]);
    const moved = await api.deals.get({ id: a.id });
    expect(moved).toMatchObject({ stageName: "Contract", probability: 80, pipelineId: partners.id });
    await api.trash.restore({ type: "deal", id: b.id });
    expect(await api.deals.get({ id: b.id })).toMatchObject({ stageName: "Intro call" });

    // The board lists one pipeline's deals.
    expect((await api.deals.list({ pipelineId: partners.id })).map((d) => d.title).sort()).toEqual(["Referral deal", "Reseller deal"]);

    await api.deals.renamePipeline({ id: partners.id, name: "Channel" });
    expect((await api.deals.pipelines())[1]!.name).toBe("Channel");
    await expect(api.deals.deletePipeline({ id: partners.id })).rejects.toMatchObject({ cause: { appCode: "pipeline.has_deals" } });
    const empty = await api.deals.createPipeline({ name: "Empty", stages: [{ name: "Only", probability: 10, kind: "open" }] });
    await api.deals.deletePipeline({ id: empty.id });
    expect((await api.deals.pipelines()).map((p) => p.name)).toEqual(["Sales", "Channel"]);
  });

  it("refuses stage lists that make no sense, and non-admins", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const [sales] = await api.deals.pipelines();
    await expect(
      api.deals.saveStages({
        pipelineId: sales!.id,
        stages: [
          { name: "Won", probability: 100, kind: "won" },
          { name: "won", probability: 100, kind: "won" },
        ],
      }),
    ).rejects.toMatchObject({ message: expect.stringContaining("Two stages are called “won”.") });
    await expect(
      api.deals.saveStages({ pipelineId: sales!.id, stages: [{ name: "Won", probability: 100, kind: "won" }] }),
    ).rejects.toMatchObject({ message: expect.stringContaining("at least one open stage") });
    await expect(api.deals.deletePipeline({ id: sales!.id })).rejects.toMatchObject({ cause: { appCode: "pipeline.last" } });

    const member = await addMember(workspaceId, "member");
    await expect(callerAs(member, workspaceId).deals.createPipeline({ name: "Mine" })).rejects.toMatchObject({
      cause: { appCode: "permission.denied" },
    });
    const other = await newWorkspace();
    await expect(
      callerAs(other.owner, other.workspaceId).deals.saveStages({ pipelineId: sales!.id, stages: [{ name: "x", probability: 1, kind: "open" }] }),
    ).rejects.toMatchObject({ cause: { appCode: "pipeline.not_found" } });
  });
});
