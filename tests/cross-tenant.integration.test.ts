/**
 * The cross-tenant matrix: every procedure of the router (enumerated, so a new one cannot be
 * forgotten) called by the owner of workspace B with workspace A's ids — once inside B, once
 * asking for A's workspace outright — and every REST route with B's API key. Nothing of A may come
 * back, and nothing of A may change.
 */
import { inWorkspace } from "@/server/db/client";
import { sendInvitationEmail } from "../jobs/tasks/workspaces/send-invitation";
import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { appRouter } from "@/server/api/root";
import { startApiServer } from "./api-server";
import { appDatabase, callerAs, newWorkspace, testDatabase } from "./helpers";

type Caller = ReturnType<typeof callerAs>;
type Ids = Awaited<ReturnType<typeof workspaceA>>;

/** Workspace A, with one of everything, every name marked so a leak is easy to spot. */
async function workspaceA(mark: string) {
  const { owner, workspaceId } = await newWorkspace(`${mark} workspace`);
  const api = callerAs(owner, workspaceId);
  const pipeline = (await api.deals.pipelines())[0]!;
  const stages = pipeline.stages;
  const company = await api.companies.create({ name: `${mark} Company`, domain: `${mark.toLowerCase()}.example`, tags: [`${mark}-tag`] });
  const contact = await api.contacts.create({ firstName: `${mark}Contact`, emails: [{ value: `${mark.toLowerCase()}@example.test`, label: "work" }], companyId: company.id });
  const contact2 = await api.contacts.create({ firstName: `${mark}Twin`, emails: [{ value: `${mark.toLowerCase()}@example.test`, label: "work" }] });
  const deal = await api.deals.create({ title: `${mark} Deal`, stageId: stages[0]!.id, amount: 1000, companyId: company.id });
  await api.deals.setPerson({ dealId: deal.id, contactId: contact.id, role: "champion" });
  const lead = await api.leads.create({ firstName: `${mark}Lead`, companyName: `${mark} Lead Co` });
  const task = await api.tasks.create({ title: `${mark} Task`, assigneeId: owner.id, recordType: "deal", recordId: deal.id });
  const comment = await api.comments.create({ recordType: "deal", recordId: deal.id, body: `${mark} comment` });
  const document = await api.documents.create({ recordType: "deal", recordId: deal.id, title: `${mark} Proposal` });
  const version = await api.documents.nameVersion({ id: document.id, name: `${mark} v1` });
  const field = await api.customFields.create({ object: "deal", label: `${mark} Field`, type: "text", options: {} });
  const view = await api.views.create({ object: "deal", name: `${mark} View`, shared: true, config: { columns: [{ field: "title" }], filter: null, sorts: [], groupBy: null, search: null } });
  const key = await api.apiKeys.create({ name: `${mark} Key`, access: "read", objects: ["deal"] });
  const imp = await api.imports.create({ object: "company", fileName: `${mark}.csv`, content: `name\n${mark} Imported\n` });
  const trashed = await api.companies.create({ name: `${mark} Trashed` });
  await api.companies.delete({ id: trashed.id });
  await api.timeline.log({ recordType: "deal", recordId: deal.id, kind: "call", subject: `${mark} call`, body: "" });
  const notification = (await api.notifications.list()).items[0];
  const invitation = await api.workspace.invite({ email: `${mark.toLowerCase()}-guest@example.test`, role: "member" });
  // Its email now (as the worker would): a worker of another test file may run the job any time,
  // and the outbox must not change under the fingerprint (the job then finds it already sent).
  await inWorkspace(appDatabase().db, workspaceId, (tx) =>
    sendInvitationEmail(tx, { from: "MyCRM <t@example.test>" }, "http://localhost:3000", { workspaceId, invitationId: invitation.id, token: invitation.token }),
  );
  const consent = await api.privacy.recordConsent({ contactId: contact.id, purpose: `${mark} newsletter`, source: "Web form" });
  const team = await api.teams.create({ name: `${mark} Team` });
  await api.teams.setMember({ teamId: team.id, userId: owner.id, member: true });
  const rule = await api.privacy.setRetentionRule({ kind: "trash", days: 3650, enabled: true });
  const secretField = await api.customFields.create({ object: "contact", label: `${mark} Secret`, type: "text", sensitive: true });
  await api.sensitive.set({ object: "contact", recordId: contact.id, fieldId: secretField.id, value: `${mark} passport` });
  return {
    owner, workspaceId, pipelineId: pipeline.id, stageId: stages[1]!.id, company, contact, contact2, deal, lead, task, comment, document,
    version, field, view, key, imp, trashed, notificationId: notification?.id ?? randomUUID(), invitationId: invitation.id, consentId: consent.id, ruleId: rule.id, teamId: team.id,
  };
}

const view = { columns: ["title"], filter: null, sorts: null, search: null };

/** Every procedure, with an input aimed at workspace A's rows. A missing entry fails the test. */
const inputs: Record<string, (a: Ids, mark: string) => unknown> = {
  "auth.signUp": () => ({ name: "Mallory", email: `mallory-${randomUUID().slice(0, 6)}@example.test`, password: "a-good-long-password", workspaceName: "Mallory Inc" }),
  "auth.me": () => undefined,
  "auth.createWorkspace": () => ({ name: "Mallory's own" }),
  "auth.changePassword": () => ({ current: "wrong-wrong-wrong", next: "a-good-long-password" }),
  "auth.requestPasswordReset": () => ({ email: "mallory@example.test" }),
  "auth.passwordReset": () => ({ token: randomUUID() + randomUUID() }),
  "auth.resetPassword": () => ({ token: randomUUID() + randomUUID(), password: "a-good-long-password" }),
  "auth.signOutEverywhere": () => undefined,
  // An invitation's token is its secret: B does not hold A's.
  "auth.invitation": () => ({ token: randomUUID() + randomUUID() }),
  "auth.acceptInvitation": () => ({ token: randomUUID() + randomUUID() }),
  "auth.signUpWithInvitation": () => ({ token: randomUUID() + randomUUID(), name: "Mallory", password: "a-good-long-password" }),
  "auth.twoFactor.status": () => undefined,
  "auth.twoFactor.start": () => undefined,
  "auth.twoFactor.confirm": () => ({ code: "123456" }),
  "auth.twoFactor.disable": () => ({ code: "123456" }),
  "auth.twoFactor.recoveryCodes": () => ({ code: "123456" }),
  "workspace.current": () => undefined,
  "workspace.members": () => undefined,
  "workspace.security": () => undefined,
  "workspace.setSecurity": () => ({ requireTwoFactor: false }),
  "workspace.memberships": () => undefined,
  "workspace.deactivateMember": (a) => ({ userId: a.owner.id }),
  "workspace.reactivateMember": (a) => ({ userId: a.owner.id }),
  "workspace.changeRole": (a) => ({ userId: a.owner.id, role: "viewer" }),
  "workspace.endSessions": (a) => ({ userId: a.owner.id }),
  "workspace.invite": () => ({ email: `mallory-${randomUUID().slice(0, 6)}@example.test`, role: "member" }),
  "workspace.invitations": () => undefined,
  "workspace.revokeInvitation": (a) => ({ id: a.invitationId }),
  "workspace.removeMember": (a) => ({ userId: a.owner.id }),
  "companies.list": (_a, m) => ({ search: m }),
  "companies.get": (a) => ({ id: a.company.id }),
  "companies.create": (a) => ({ name: "Mallory Co", parentId: a.company.id }),
  "companies.update": (a) => ({ id: a.company.id, name: "Hijacked" }),
  "companies.delete": (a) => ({ id: a.company.id }),
  "contacts.list": (_a, m) => ({ search: m }),
  "contacts.get": (a) => ({ id: a.contact.id }),
  "contacts.create": (a) => ({ firstName: "Mallory", companyId: a.company.id }),
  "contacts.update": (a) => ({ id: a.contact.id, firstName: "Hijacked" }),
  "contacts.delete": (a) => ({ id: a.contact.id }),
  "deals.createPipeline": () => ({ name: "Mallory pipeline" }),
  "deals.renamePipeline": (a) => ({ id: a.pipelineId, name: "Hijacked" }),
  "deals.deletePipeline": (a) => ({ id: a.pipelineId }),
  "deals.saveStages": (a) => ({ pipelineId: a.pipelineId, stages: [{ id: a.stageId, name: "Hijacked", probability: 10, kind: "open" }] }),
  "deals.people": (a) => ({ id: a.deal.id }),
  "deals.setPerson": (a) => ({ dealId: a.deal.id, contactId: a.contact.id, role: "champion" }),
  "deals.removePerson": (a) => ({ dealId: a.deal.id, contactId: a.contact.id }),
  "deals.pipelines": () => undefined,
  "deals.list": (_a, m) => ({ search: m }),
  "deals.get": (a) => ({ id: a.deal.id }),
  "deals.create": (a) => ({ title: "Mallory deal", stageId: a.stageId, companyId: a.company.id }),
  "deals.update": (a) => ({ id: a.deal.id, title: "Hijacked" }),
  "deals.move": (a) => ({ id: a.deal.id, stageId: a.stageId }),
  "deals.delete": (a) => ({ id: a.deal.id }),
  "dashboard.summary": () => ({ scope: "workspace" }),
  "leads.list": (_a, m) => ({ search: m }),
  "leads.get": (a) => ({ id: a.lead.id }),
  "leads.create": () => ({ firstName: "Mallory" }),
  "leads.update": (a) => ({ id: a.lead.id, firstName: "Hijacked" }),
  "leads.delete": (a) => ({ id: a.lead.id }),
  "leads.convert": (a) => ({ id: a.lead.id, deal: null }),
  "customFields.list": () => ({ object: "deal" }),
  "customFields.create": () => ({ object: "deal", label: "Mallory field", type: "text", options: {} }),
  "customFields.update": (a) => ({ id: a.field.id, label: "Hijacked" }),
  "customFields.delete": (a) => ({ id: a.field.id }),
  "notifications.list": () => undefined,
  "notifications.markAllRead": () => undefined,
  "notifications.markRead": (a) => ({ ids: [a.notificationId] }),
  "notifications.settings": () => undefined,
  "notifications.setSettings": () => ({ emailKinds: [] }),
  "search.global": (_a, m) => ({ q: m }),
  "trash.list": () => undefined,
  "trash.restore": (a) => ({ type: "company", id: a.trashed.id }),
  "trash.purge": (a) => ({ type: "company", id: a.trashed.id }),
  "timeline.list": (a) => ({ recordType: "deal", recordId: a.deal.id }),
  "timeline.log": (a) => ({ recordType: "deal", recordId: a.deal.id, kind: "call", subject: "Mallory", body: "" }),
  "history.list": (a) => ({ object: "deal", id: a.deal.id }),
  "history.version": (a) => ({ object: "deal", id: a.deal.id, upTo: 1 }),
  "comments.list": (a) => ({ recordType: "deal", recordId: a.deal.id }),
  "comments.create": (a) => ({ recordType: "deal", recordId: a.deal.id, body: "Mallory was here" }),
  "comments.edit": (a) => ({ id: a.comment.id, body: "Hijacked" }),
  "comments.delete": (a) => ({ id: a.comment.id }),
  "comments.resolve": (a) => ({ id: a.comment.id, resolved: true }),
  "comments.following": (a) => ({ recordType: "deal", recordId: a.deal.id }),
  "comments.follow": (a) => ({ recordType: "deal", recordId: a.deal.id, follow: true }),
  "documents.list": (a) => ({ recordType: "deal", recordId: a.deal.id }),
  "documents.create": (a) => ({ recordType: "deal", recordId: a.deal.id, title: "Mallory doc" }),
  "documents.get": (a) => ({ id: a.document.id }),
  "documents.rename": (a) => ({ id: a.document.id, title: "Hijacked" }),
  "documents.delete": (a) => ({ id: a.document.id }),
  "documents.versions": (a) => ({ id: a.document.id }),
  "documents.nameVersion": (a) => ({ id: a.document.id, name: "Mallory version" }),
  "documents.version": (a) => ({ versionId: a.version.id }),
  "tasks.list": (a) => ({ assignee: "anyone", status: "all", recordType: "deal", recordId: a.deal.id }),
  "tasks.get": (a) => ({ id: a.task.id }),
  "tasks.create": (a) => ({ title: "Mallory task", recordType: "deal", recordId: a.deal.id, assigneeId: a.owner.id }),
  "tasks.update": (a) => ({ id: a.task.id, title: "Hijacked" }),
  "tasks.delete": (a) => ({ id: a.task.id }),
  "exports.page": (_a, m) => ({ object: "deal", search: m }),
  "exports.view": (_a, m) => ({ object: "deal", view: { ...view, search: m } }),
  "collab.token": (a) => ({ document: `deal/${a.deal.id}` }),
  "apiKeys.list": () => undefined,
  "apiKeys.create": () => ({ name: "Mallory key", access: "read", objects: ["deal"] }),
  "apiKeys.revoke": (a) => ({ id: a.key.id }),
  "records.fields": () => ({ object: "deal" }),
  "records.query": (_a, m) => ({ object: "deal", search: m }),
  "records.visibility": (a) => ({ object: "deal", id: a.deal.id }),
  "teams.list": () => undefined,
  "teams.create": () => ({ name: "Mallory team" }),
  "teams.rename": (a) => ({ id: a.teamId, name: "Hijacked" }),
  "teams.delete": (a) => ({ id: a.teamId }),
  "teams.setMember": (a) => ({ teamId: a.teamId, userId: a.owner.id, member: false }),
  "records.setVisibility": (a) => ({ object: "deal", id: a.deal.id, visibility: "private" }),
  "records.count": (_a, m) => ({ object: "deal", search: m }),
  "records.groups": () => ({ object: "deal", groupBy: "stageId" }),
  "views.list": () => ({ object: "deal" }),
  "views.create": () => ({ object: "deal", name: "Mallory view", shared: true, config: { columns: [], filter: null, sorts: [], groupBy: null, search: null } }),
  "views.update": (a) => ({ id: a.view.id, name: "Hijacked" }),
  "views.delete": (a) => ({ id: a.view.id }),
  "tags.list": () => ({}),
  "tags.rename": (_a, m) => ({ from: `${m}-tag`, to: "hijacked" }),
  "imports.fields": () => ({ object: "company" }),
  "imports.create": () => ({ object: "company", fileName: "m.csv", content: "name\nMallory\n" }),
  "imports.get": (a) => ({ id: a.imp.id }),
  "imports.list": () => ({ object: "company" }),
  "imports.preview": (a) => ({ id: a.imp.id, mapping: { "0": "name" }, options: { onDuplicate: "skip" } }),
  "imports.start": (a) => ({ id: a.imp.id, mapping: { "0": "name" }, options: { onDuplicate: "skip" } }),
  "imports.errors": (a) => ({ id: a.imp.id }),
  "imports.undo": (a) => ({ id: a.imp.id }),
  "duplicates.check": (a, m) => ({ object: "contact", email: `${m.toLowerCase()}@example.test`, domain: "", name: "", excludeId: a.contact.id }),
  "duplicates.scan": () => ({ object: "contact" }),
  "duplicates.compare": (a) => ({ object: "contact", ids: [a.contact.id, a.contact2.id] }),
  "duplicates.merge": (a) => ({ object: "contact", survivorId: a.contact.id, mergedIds: [a.contact2.id] }),
  "live.changes": () => undefined,
  "audit.list": (a) => ({ objectId: a.deal.id }),
  "audit.verify": () => undefined,
  "privacy.exportPerson": (a) => ({ type: "contact", id: a.contact.id }),
  "privacy.retentionRules": () => undefined,
  "privacy.previewRetention": () => ({ kind: "trash", days: 1 }),
  "privacy.setRetentionRule": () => ({ kind: "trash", days: 1, enabled: true }),
  "privacy.removeRetentionRule": (a) => ({ id: a.ruleId }),
  "privacy.applyRetentionRule": (a) => ({ id: a.ruleId }),
  "sensitive.summary": (a) => ({ object: "contact", recordId: a.contact.id }),
  "sensitive.reveal": (a) => ({ object: "contact", recordId: a.contact.id }),
  "sensitive.set": (a) => ({ object: "contact", recordId: a.contact.id, fieldId: a.field.id, value: "planted" }),
  "privacy.erasePerson": (a) => ({ type: "contact", id: a.contact.id }),
  "privacy.consents": (a) => ({ contactId: a.contact.id }),
  "privacy.recordConsent": (a) => ({ contactId: a.contact.id, purpose: "Newsletter", source: "Mallory" }),
  "privacy.withdrawConsent": (a) => ({ id: a.consentId }),
};

const procedures = (appRouter as unknown as { _def: { procedures: Record<string, { _def: { type: string } }> } })._def.procedures;

/** A fingerprint of everything workspace A holds, read as the owner of the tables. */
async function fingerprint(workspaceId: string) {
  const { db } = testDatabase();
  const tables = await db.execute<{ table_name: string }>(sql`
    select c.table_name from information_schema.columns c join information_schema.tables t using (table_schema, table_name)
    where c.table_schema = 'public' and c.column_name = 'workspace_id' and t.table_type = 'BASE TABLE' order by 1`);
  const out: Record<string, string> = {};
  for (const { table_name } of tables) {
    // Notifications are read or not per person: marking B's own as read must not count here.
    const [row] = await db.execute<{ h: string | null }>(
      sql`select md5(string_agg(t::text, '|' order by t::text)) as h from ${sql.identifier(table_name)} t where workspace_id = ${workspaceId}`,
    );
    out[table_name] = row?.h ?? "";
  }
  return out;
}

/** Whether a response shows the mark, in any case (tags and emails are stored lower-cased). */
const shows = (body: string, mark: string) => body.toLowerCase().includes(mark.toLowerCase());

async function call(caller: Caller, path: string, input: unknown) {
  const fn = path.split(".").reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], caller) as (i: unknown) => Promise<unknown>;
  try {
    const result = await fn(input);
    if (result && typeof result === "object" && Symbol.asyncIterator in result) {
      // A subscription: what arrives within a moment.
      const it = (result as AsyncIterable<unknown>)[Symbol.asyncIterator]();
      const first = await Promise.race([it.next(), new Promise((r) => setTimeout(() => r({ done: true, value: null }), 150))]);
      void it.return?.(); // not awaited: it settles only after the pending next()
      return { ok: true as const, body: JSON.stringify(first ?? null) };
    }
    return { ok: true as const, body: JSON.stringify(result ?? null) };
  } catch (error) {
    return { ok: false as const, body: `${(error as { code?: string }).code ?? ""} ${(error as Error).message}` };
  }
}

describe("cross-tenant matrix", () => {
  it("lists an input for every procedure, so none can be left out", () => {
    expect(Object.keys(procedures).filter((p) => !(p in inputs))).toEqual([]);
    expect(Object.keys(inputs).filter((p) => !(p in procedures))).toEqual([]);
  });

  it("every procedure, called from another workspace with this one's ids, returns nothing of it and changes nothing", async () => {
    const mark = `Zq${randomUUID().slice(0, 8)}`;
    const a = await workspaceA(mark);
    const b = await newWorkspace("B workspace");
    const before = await fingerprint(a.workspaceId);
    const leaks: string[] = [];
    const aIds = [a.company.id, a.contact.id, a.deal.id, a.lead.id, a.task.id, a.comment.id, a.document.id, a.version.id, a.field.id, a.view.id, a.key.id, a.imp.id, a.trashed.id, a.workspaceId];
    const inB = callerAs(b.owner, b.workspaceId);
    const askingForA = callerAs(b.owner, a.workspaceId);
    const outcomes: Record<string, string> = {};
    for (const path of Object.keys(procedures).sort()) {
      for (const [who, caller] of [["in B", inB], ["asking for A", askingForA]] as const) {
        const result = await call(caller, path, inputs[path]!(a, mark));
        if (result.ok && (shows(result.body, mark) || aIds.some((id) => result.body.includes(id)))) leaks.push(`${path} (${who}): ${result.body.slice(0, 200)}`);
        if (who === "asking for A") outcomes[path] = result.ok ? "answered (own data)" : result.body.split(" ")[0]!;
      }
    }
    expect(leaks).toEqual([]);
    expect(await fingerprint(a.workspaceId)).toEqual(before);
    // Asking for A's workspace outright is refused by every workspace door.
    const answered = Object.entries(outcomes).filter(([, o]) => o === "answered (own data)").map(([p]) => p);
    // (The person's own account: who they are, their sessions, their second factor, a new workspace of their own.)
    expect(answered.sort()).toEqual(["auth.createWorkspace", "auth.invitation", "auth.me", "auth.passwordReset", "auth.requestPasswordReset", "auth.signOutEverywhere", "auth.signUp", "auth.twoFactor.disable", "auth.twoFactor.start", "auth.twoFactor.status"]);

    // The inputs do reach A's data: A's own owner, with the very same inputs, sees it.
    const asA = callerAs(a.owner, a.workspaceId);
    for (const path of ["companies.get", "deals.get", "tasks.get", "documents.get", "comments.list", "timeline.list", "search.global", "records.query", "exports.page", "tags.list"]) {
      const result = await call(asA, path, inputs[path]!(a, mark));
      expect({ path, sees: result.ok && (shows(result.body, mark) || result.body.includes(a.deal.id)) }).toEqual({ path, sees: true });
    }
  });

  it("every REST route, called with another workspace's API key and this one's ids, returns nothing of it and changes nothing", async () => {
    const mark = `Zr${randomUUID().slice(0, 8)}`;
    const a = await workspaceA(mark);
    const b = await newWorkspace("B REST workspace");
    const key = await callerAs(b.owner, b.workspaceId).apiKeys.create({ name: "B key", access: "write", objects: ["company", "contact", "deal", "lead", "task"] });
    const server = await startApiServer();
    try {
      const before = await fingerprint(a.workspaceId);
      const doc = (await (await fetch(`${server.base}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
      const param: Record<string, string> = {
        "/companies/{id}": a.company.id,
        "/contacts/{id}": a.contact.id,
        "/deals/{id}": a.deal.id,
        "/deals/{id}/move": a.deal.id,
        "/deals/{id}/contacts": a.deal.id,
        "/leads/{id}": a.lead.id,
        "/leads/{id}/convert": a.lead.id,
        "/tasks/{id}": a.task.id,
        "/comments/{id}": a.comment.id,
        "/comments/{id}/resolve": a.comment.id,
        "/documents/{id}": a.document.id,
        "/documents/{id}/versions": a.document.id,
        "/views/{id}": a.view.id,
        "/imports/{id}": a.imp.id,
        "/imports/{id}/preview": a.imp.id,
        "/imports/{id}/start": a.imp.id,
        "/imports/{id}/undo": a.imp.id,
        "/pipelines/{id}": a.pipelineId,
      };
      const fill = (path: string) =>
        path
          .replace("{dealId}", a.deal.id)
          .replace("{contactId}", a.contact.id)
          .replace("{pipelineId}", a.pipelineId)
          .replace("{versionId}", a.version.id)
          .replace("{userId}", a.owner.id)
          .replace("{object}", "deal")
          .replace("{type}", "company")
          .replace("{id}", param[path] ?? a.trashed.id);
      const leaks: string[] = [];
      let routes = 0;
      for (const [path, methods] of Object.entries(doc.paths)) {
        for (const method of Object.keys(methods)) {
          routes++;
          const url = new URL(`${server.base}/api/v1${fill(path)}`);
          // Queries aimed at A: its record, its search term.
          for (const [k, v] of Object.entries({ recordType: "deal", recordId: a.deal.id, object: "deal", id: a.deal.id, search: mark, q: mark })) url.searchParams.set(k, v);
          const body = method === "get" ? undefined : JSON.stringify({ title: "Hijacked", name: "Hijacked", firstName: "Hijacked", recordType: "deal", recordId: a.deal.id, body: "Mallory", stageId: a.stageId, ids: [a.contact.id] });
          const res = await fetch(url, { method: method.toUpperCase(), headers: { authorization: `Bearer ${key.token}`, "content-type": "application/json" }, body });
          const text = await res.text();
          if (res.ok && (shows(text, mark) || [a.company.id, a.contact.id, a.deal.id, a.lead.id, a.task.id, a.comment.id, a.document.id].some((id) => text.includes(id)))) {
            leaks.push(`${method.toUpperCase()} ${path}: ${text.slice(0, 200)}`);
          }
        }
      }
      expect(routes).toBeGreaterThan(70);
      expect(leaks).toEqual([]);
      expect(await fingerprint(a.workspaceId)).toEqual(before);
      // The same routes do reach A's data with A's own key.
      const own = await callerAs(a.owner, a.workspaceId).apiKeys.create({ name: "A key", access: "read", objects: ["deal"] });
      for (const path of [`/deals/${a.deal.id}`, `/search?q=${mark}`]) {
        const res = await fetch(`${server.base}/api/v1${path}`, { headers: { authorization: `Bearer ${own.token}` } });
        expect({ path, sees: res.ok && shows(await res.text(), mark) }).toEqual({ path, sees: true });
      }
    } finally {
      await server.close();
    }
  });
});
