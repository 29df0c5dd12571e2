import type { DbOrTx } from "@/server/db/client";
import { pipelineStages, pipelines } from "@/server/db/schema";

export const defaultStages = [
  { name: "Lead in", probability: 10, kind: "open" },
  { name: "Qualified", probability: 25, kind: "open" },
  { name: "Proposal", probability: 50, kind: "open" },
  { name: "Negotiation", probability: 75, kind: "open" },
  { name: "Won", probability: 100, kind: "won" },
  { name: "Lost", probability: 0, kind: "lost" },
] as const;

export async function createDefaultPipeline(db: DbOrTx, workspaceId: string) {
  const [pipeline] = await db.insert(pipelines).values({ workspaceId, name: "Sales", position: 0 }).returning();
  const stages = await db
    .insert(pipelineStages)
    .values(defaultStages.map((s, position) => ({ workspaceId, pipelineId: pipeline!.id, position, ...s })))
    .returning();
  return { pipeline: pipeline!, stages: stages.sort((a, b) => a.position - b.position) };
}
