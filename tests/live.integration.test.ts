import { describe, expect, it } from "vitest";
import { addMember, callerAs, newWorkspace } from "./helpers";

/** The next change a subscription yields, or null after the wait. */
async function nextChange(iterator: AsyncIterator<{ type: string }>, ms = 3000) {
  const timeout = new Promise<null>((r) => setTimeout(() => r(null), ms));
  const next = iterator.next().then((r) => (r.done ? null : r.value));
  return Promise.race([next, timeout]);
}

describe("live changes", () => {
  it("tell subscribers of a workspace which kind of record changed, as the change commits, and nobody else", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const other = await newWorkspace();
    const viewer = await addMember(workspaceId, "viewer");
    const mine = (await callerAs(viewer, workspaceId).live.changes())[Symbol.asyncIterator]();
    const theirs = (await callerAs(other.owner, other.workspaceId).live.changes())[Symbol.asyncIterator]();
    try {
      // The first subscriber starts listening; give the LISTEN a moment before writing.
      const firstMine = nextChange(mine);
      const firstTheirs = nextChange(theirs, 1500);
      await new Promise((r) => setTimeout(r, 300));
      const started = performance.now();
      const [pipeline] = await callerAs(owner, workspaceId).deals.pipelines();
      await callerAs(owner, workspaceId).deals.create({ title: "Live deal", stageId: pipeline!.stages[0]!.id });
      expect(await firstMine).toEqual({ type: "deal" });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(await firstTheirs).toBeNull();

      // A write that fails and rolls back tells no one.
      await expect(callerAs(owner, workspaceId).contacts.create({ firstName: "Ann", companyId: "00000000-0000-4000-8000-000000000000" })).rejects.toThrow();
      const company = await callerAs(owner, workspaceId).companies.create({ name: "Live Co" });
      expect(await nextChange(mine)).toEqual({ type: "company" });

      // Shared documents (a new one, a renamed one) announce themselves too.
      const doc = await callerAs(owner, workspaceId).documents.create({ recordType: "company", recordId: company.id, title: "Live proposal" });
      expect(await nextChange(mine)).toEqual({ type: "document" });
      await callerAs(owner, workspaceId).documents.rename({ id: doc.id, title: "Live proposal v2" });
      expect(await nextChange(mine)).toEqual({ type: "document" });
    } finally {
      // Closing a subscription ends its generator.
      void mine.return?.(undefined);
      void theirs.return?.(undefined);
    }
  });
});
