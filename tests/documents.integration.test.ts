import * as Y from "yjs";
import { afterEach, describe, expect, it } from "vitest";
import { CONTENT_FIELD } from "@/shared/doc-names";
import { addMember, callerAs, newWorkspace } from "./helpers";
import { connect, settled, startCollab, waitFor, type Client } from "./collab-harness";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

const write = (c: Client, text: string) => {
  const p = new Y.XmlElement("paragraph");
  p.insert(0, [new Y.XmlText(text)]);
  const f = c.doc.getXmlFragment(CONTENT_FIELD);
  f.insert(f.length, [p]);
};
const read = (doc: Y.Doc) => doc.getXmlFragment(CONTENT_FIELD).toString();

describe("shared documents", () => {
  it("are written together live on a deal, and named versions keep what they said", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const member = await addMember(workspaceId, "member", "Mia Member");
    const viewer = await addMember(workspaceId, "viewer", "Vic Viewer");
    const api = callerAs(owner, workspaceId);
    const [stage] = (await api.deals.pipelines())[0]!.stages;
    const deal = await api.deals.create({ title: "Atlas", stageId: stage!.id });
    const { id } = await api.documents.create({ recordType: "deal", recordId: deal.id, title: "Atlas proposal" });
    expect(await api.documents.list({ recordType: "deal", recordId: deal.id })).toMatchObject([{ id, title: "Atlas proposal", kind: "proposal" }]);
    const doc = await api.documents.get({ id });
    expect(doc).toMatchObject({ recordName: "Atlas", documentName: `document/${id}`, readOnly: false });
    expect((await callerAs(viewer, workspaceId).documents.get({ id })).readOnly).toBe(true);

    const collab = await startCollab();
    cleanup.push(() => collab.server.destroy());
    const open = async (user: typeof owner) => {
      const c = await connect(collab.url, user, doc.documentName);
      cleanup.push(() => c.destroy());
      await settled(c);
      return c;
    };
    const a = await open(owner);
    const b = await open(member);
    write(a, "Scope: 40 seats");
    await waitFor(() => read(b.doc).includes("Scope: 40 seats"), "the member to see it");
    await waitFor(() => !a.provider.hasUnsyncedChanges, "the edit to be stored");

    const v1 = await api.documents.nameVersion({ id, name: "Sent to client" });
    write(b, "Price: 12,000");
    await waitFor(() => !b.provider.hasUnsyncedChanges, "the second edit to be stored");
    const versions = await api.documents.versions({ id });
    expect(versions).toMatchObject([{ id: v1.id, name: "Sent to client", authorName: owner.name }]);
    const then = new Y.Doc();
    Y.applyUpdate(then, Buffer.from((await api.documents.version({ versionId: v1.id })).state, "base64"));
    expect(read(then)).toContain("Scope: 40 seats");
    expect(read(then)).not.toContain("Price");

    // A viewer reads it but cannot change it.
    const v = await open(viewer);
    expect(read(v.doc)).toContain("Price: 12,000");
    write(v, "Viewer was here");
    await new Promise((r) => setTimeout(r, 300));
    expect(read(a.doc)).not.toContain("Viewer was here");
    await expect(callerAs(viewer, workspaceId).documents.nameVersion({ id, name: "nope" })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("are kept from other workspaces, through the API and the collab-server", async () => {
    const { owner, workspaceId } = await newWorkspace();
    const api = callerAs(owner, workspaceId);
    const company = await api.companies.create({ name: "Globex" });
    const { id } = await api.documents.create({ recordType: "company", recordId: company.id, title: "Globex contract", kind: "contract" });
    const stranger = await newWorkspace("Other");
    const them = callerAs(stranger.owner, stranger.workspaceId);
    await expect(them.documents.get({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(them.documents.create({ recordType: "company", recordId: company.id, title: "x" })).rejects.toThrow();
    const collab = await startCollab();
    cleanup.push(() => collab.server.destroy());
    const c = await connect(collab.url, stranger.owner, `document/${id}`);
    cleanup.push(() => c.destroy());
    await settled(c);
    expect(c.failures).toHaveLength(1);
    // Deleted, it opens for no one.
    await api.documents.delete({ id });
    await expect(api.documents.get({ id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const again = await connect(collab.url, owner, `document/${id}`);
    cleanup.push(() => again.destroy());
    await settled(again);
    expect(again.failures).toHaveLength(1);
  });
});
