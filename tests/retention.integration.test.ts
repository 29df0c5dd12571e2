import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, companies, contacts, leads, retentionRules } from "@/server/db/schema";
import { applyRetentionEverywhere } from "../jobs/tasks/privacy/apply-retention";
import { crontab } from "../jobs/task-list";
import { addMember, appDatabase, callerAs, newWorkspace, testDatabase } from "./helpers";

const backdate = (table: "leads" | "companies" | "contact_consents", column: string, id: string, days: number) =>
  testDatabase().db.execute(sql`update ${sql.identifier(table)} set ${sql.identifier(column)} = now() - make_interval(days => ${days}) where id = ${id}`);

describe("retention rules", () => {
  it("every night: stale leads erased, contacts who withdrew every consent erased, old trash deleted — each once, audited, in the admin's name", async () => {
    const { owner, workspaceId } = await newWorkspace("Tidy Co");
    const api = callerAs(owner, workspaceId);
    const stale = await api.leads.create({ firstName: "Stan", lastName: "Stale", email: "stan@stale.example" });
    const fresh = await api.leads.create({ firstName: "Fay", lastName: "Fresh" });
    await backdate("leads", "updated_at", stale.id, 400);
    const gone = await api.contacts.create({ firstName: "Wynn", lastName: "Withdrawn", emails: [{ value: "wynn@example.test", label: "work" }] });
    const consent = await api.privacy.recordConsent({ contactId: gone.id, purpose: "Newsletter", source: "Form" });
    await api.privacy.withdrawConsent({ id: consent.id });
    await backdate("contact_consents", "withdrawn_at", consent.id, 40);
    const keeps = await api.contacts.create({ firstName: "Kay", lastName: "Keeps", emails: [] });
    const still = await api.privacy.recordConsent({ contactId: keeps.id, purpose: "Newsletter", source: "Form" });
    expect(still.id).toBeTruthy();
    const old = await api.companies.create({ name: "Old Trash Inc" });
    await api.companies.delete({ id: old.id });
    await backdate("companies", "deleted_at", old.id, 31);
    const recent = await api.companies.create({ name: "Recent Trash Inc" });
    await api.companies.delete({ id: recent.id });

    // The admin sets the rules and sees what they would do today.
    expect(await api.privacy.previewRetention({ kind: "stale_leads", days: 365 })).toEqual({ count: 1 });
    expect(await api.privacy.previewRetention({ kind: "stale_leads", days: 500 })).toEqual({ count: 0 });
    await api.privacy.setRetentionRule({ kind: "stale_leads", days: 365, enabled: true });
    await api.privacy.setRetentionRule({ kind: "withdrawn_contacts", days: 30, enabled: true });
    await api.privacy.setRetentionRule({ kind: "trash", days: 30, enabled: true });
    await expect(api.privacy.setRetentionRule({ kind: "trash", days: 0, enabled: true })).rejects.toThrow("At least 1 day.");

    // The nightly job (as the worker runs it, under row-level security).
    expect(crontab).toContain("apply_retention");
    expect(await applyRetentionEverywhere(appDatabase().db)).toBeGreaterThanOrEqual(3);
    const { db } = testDatabase();
    const [staleNow] = await db.select().from(leads).where(eq(leads.id, stale.id));
    expect(staleNow).toMatchObject({ firstName: "Erased person", lastName: null, email: null });
    expect(staleNow!.erasedAt).toBeInstanceOf(Date);
    expect((await db.select().from(leads).where(eq(leads.id, fresh.id)))[0]).toMatchObject({ firstName: "Fay", erasedAt: null });
    expect((await db.select().from(contacts).where(eq(contacts.id, gone.id)))[0]).toMatchObject({ firstName: "Erased person", emails: [] });
    expect((await db.select().from(contacts).where(eq(contacts.id, keeps.id)))[0]).toMatchObject({ firstName: "Kay" });
    expect(await db.select().from(companies).where(eq(companies.id, old.id))).toEqual([]);
    expect(await db.select().from(companies).where(eq(companies.id, recent.id))).toHaveLength(1);

    const rules = await api.privacy.retentionRules();
    expect(Object.fromEntries(rules.map((r) => [r.kind, r.lastCount]))).toEqual({ stale_leads: 1, withdrawn_contacts: 1, trash: 1 });
    const events = await db.select({ action: auditLog.action, actorId: auditLog.actorId }).from(auditLog).where(eq(auditLog.workspaceId, workspaceId));
    expect(events.filter((e) => e.action === "retention.applied")).toHaveLength(3);
    expect(events.filter((e) => e.action === "privacy.erased").every((e) => e.actorId === owner.id)).toBe(true);

    // The next night finds nothing new: erased people are not erased again.
    await applyRetentionEverywhere(appDatabase().db);
    expect(Object.fromEntries((await api.privacy.retentionRules()).map((r) => [r.kind, r.lastCount]))).toEqual({ stale_leads: 0, withdrawn_contacts: 0, trash: 0 });
  });

  it("a rule turned off does nothing; Run now applies one rule; only admins set rules", async () => {
    const { owner, workspaceId } = await newWorkspace("Careful Co");
    const api = callerAs(owner, workspaceId);
    const lead = await api.leads.create({ firstName: "Old", lastName: "Lead" });
    await backdate("leads", "updated_at", lead.id, 100);
    const rule = await api.privacy.setRetentionRule({ kind: "stale_leads", days: 90, enabled: false });
    await applyRetentionEverywhere(appDatabase().db);
    expect((await testDatabase().db.select().from(leads).where(eq(leads.id, lead.id)))[0]!.erasedAt).toBeNull();
    await api.privacy.setRetentionRule({ kind: "stale_leads", days: 90, enabled: true });
    expect(await api.privacy.applyRetentionRule({ id: rule.id })).toEqual([{ kind: "stale_leads", count: 1 }]);
    expect((await testDatabase().db.select().from(leads).where(eq(leads.id, lead.id)))[0]!.erasedAt).toBeInstanceOf(Date);

    const member = callerAs(await addMember(workspaceId, "member"), workspaceId);
    await expect(member.privacy.setRetentionRule({ kind: "trash", days: 30, enabled: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(member.privacy.retentionRules()).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await testDatabase().db.select().from(retentionRules).where(eq(retentionRules.workspaceId, workspaceId))).toHaveLength(1);
  });
});
