import { randomBytes, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { and, eq, sql } from "drizzle-orm";
import pino from "pino";
import { describe, expect, it } from "vitest";
import { createCaller } from "@/server/api/root";
import { inWorkspace } from "@/server/db/client";
import { sensitiveValues } from "@/server/db/schema";
import { resealWorkspace, revealSensitive } from "@/server/domain/sensitive/sensitive";
import { parseKeyring, type Keyring } from "@/server/security/keyring";
import { addMember, appDatabase, callerAs, newWorkspace, TEST_SECRET, testDatabase, type TestUser } from "./helpers";

const keyText = (id: string) => `${id}:${randomBytes(32).toString("base64")}`;

/** The router as a signed-in person calls it, with these keys and a logger whose every line is kept. */
function callerWith(user: TestUser, workspaceId: string, keyring?: Keyring, lines: string[] = []) {
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return createCaller({
    db: appDatabase().db,
    user: { id: user.id, email: user.email, name: user.name },
    apiKey: null,
    workspaceId,
    requestId: randomUUID(),
    log: pino({ level: "trace" }, sink),
    authSecret: TEST_SECRET,
    keyring,
  });
}

/** Every row of every table, as text, that contains the text (as the database's owner sees it). */
async function occurrences(text: string) {
  const { db } = testDatabase();
  const tables = await db.execute<{ schema: string; name: string }>(
    sql`select table_schema as schema, table_name as name from information_schema.tables where table_schema in ('public', 'graphile_worker') and table_type = 'BASE TABLE'`,
  );
  const found: string[] = [];
  for (const t of tables) {
    const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from ${sql.identifier(t.schema)}.${sql.identifier(t.name)} x where x::text like ${`%${text}%`}`);
    if (row!.n) found.push(`${t.schema}.${t.name}`);
  }
  return found;
}

async function setUp() {
  const { owner, workspaceId } = await newWorkspace("Confidential Co");
  const admin = callerAs(owner, workspaceId);
  const field = await admin.customFields.create({ object: "contact", label: "Passport number", type: "text", sensitive: true });
  const contact = await admin.contacts.create({ firstName: "Pia", lastName: "Private", emails: [] });
  return { owner, workspaceId, admin, field, contact };
}

describe("sensitive fields", () => {
  it("are sealed at rest: the value is nowhere in the database, the logs or any other door, and shows only when revealed", async () => {
    const { owner, workspaceId, admin, field, contact } = await setUp();
    const secret = `P${randomUUID().replace(/-/g, "").slice(0, 10).toUpperCase()}`;
    const lines: string[] = [];
    const api = callerWith(owner, workspaceId, undefined, lines);
    expect(await api.sensitive.set({ object: "contact", recordId: contact.id, fieldId: field.id, value: secret })).toEqual({ fieldId: field.id, hasValue: true });

    expect(await occurrences(secret)).toEqual([]);
    const [stored] = await testDatabase().db.select().from(sensitiveValues).where(eq(sensitiveValues.recordId, contact.id));
    expect(stored).toMatchObject({ keyId: "default", recordType: "contact", fieldId: field.id });
    expect(stored!.sealed).toMatch(/^v1\.default\./);

    // Not an ordinary custom field anywhere: not in forms' field list, not in views, not writable as custom.
    expect((await admin.customFields.list({ object: "contact" })).map((f) => f.id)).not.toContain(field.id);
    expect((await admin.customFields.list({ object: "contact", includeSensitive: true })).find((f) => f.id === field.id)).toMatchObject({ sensitive: true });
    expect(JSON.stringify(await admin.records.fields({ object: "contact" }))).not.toContain(field.id);
    await expect(admin.contacts.update({ id: contact.id, custom: { [field.id]: "sneaky" } })).rejects.toThrow();
    expect(JSON.stringify(await admin.contacts.get({ id: contact.id }))).not.toContain(secret);

    expect(await api.sensitive.summary({ object: "contact", recordId: contact.id })).toMatchObject([{ id: field.id, label: "Passport number", hasValue: true }]);
    expect(JSON.stringify(await api.sensitive.summary({ object: "contact", recordId: contact.id }))).not.toContain(secret);
    expect(await api.sensitive.reveal({ object: "contact", recordId: contact.id })).toEqual([{ id: field.id, label: "Passport number", type: "text", value: secret, problem: null }]);
    // A too-long value is refused with a sentence naming the field.
    await expect(api.sensitive.set({ object: "contact", recordId: contact.id, fieldId: field.id, value: `${secret}${"x".repeat(2100)}` })).rejects.toThrow("“Passport number” can hold at most 2000 characters.");

    // The audit log says who revealed and changed what, never the value; the logs never show it.
    const { db } = testDatabase();
    const events = await db.execute<{ action: string; after: unknown }>(sql`select action, after from audit_log where workspace_id = ${workspaceId} and action like 'sensitive.%' order by id`);
    expect([...events]).toEqual([
      { action: "sensitive.updated", after: { field: "Passport number" } },
      { action: "sensitive.revealed", after: { fields: ["Passport number"] } },
    ]);
    expect(lines.join("")).not.toContain(secret);

    // Cleared: the sealed value is gone.
    await api.sensitive.set({ object: "contact", recordId: contact.id, fieldId: field.id, value: null });
    expect(await db.select().from(sensitiveValues).where(eq(sensitiveValues.recordId, contact.id))).toEqual([]);
  });

  it("viewers know the field exists but cannot reveal or change it; only text fields can be sensitive, and never required", async () => {
    const { workspaceId, admin, field, contact } = await setUp();
    const viewer = callerAs(await addMember(workspaceId, "viewer"), workspaceId);
    expect(await viewer.sensitive.summary({ object: "contact", recordId: contact.id })).toMatchObject([{ id: field.id, hasValue: false }]);
    await expect(viewer.sensitive.reveal({ object: "contact", recordId: contact.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(viewer.sensitive.set({ object: "contact", recordId: contact.id, fieldId: field.id, value: "x" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const member = callerAs(await addMember(workspaceId, "member"), workspaceId);
    await member.sensitive.set({ object: "contact", recordId: contact.id, fieldId: field.id, value: "member wrote this" });
    expect((await member.sensitive.reveal({ object: "contact", recordId: contact.id }))[0]!.value).toBe("member wrote this");

    await expect(admin.customFields.create({ object: "contact", label: "Salary", type: "number", sensitive: true })).rejects.toThrow("Only text fields can be sensitive.");
    await expect(admin.customFields.create({ object: "contact", label: "Tax id", type: "text", sensitive: true, required: true })).rejects.toThrow("cannot be required");
    // Another workspace's record or field: not found.
    const other = await newWorkspace("Elsewhere");
    await expect(callerAs(other.owner, other.workspaceId).sensitive.reveal({ object: "contact", recordId: contact.id })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("a sealed value moved to another record no longer opens, and says so", async () => {
    const { owner, workspaceId, admin, field, contact } = await setUp();
    const api = callerAs(owner, workspaceId);
    await api.sensitive.set({ object: "contact", recordId: contact.id, fieldId: field.id, value: "belongs to Pia" });
    const other = await admin.contacts.create({ firstName: "Mo", lastName: "Mover", emails: [] });
    await testDatabase().db.execute(sql`insert into sensitive_values (workspace_id, record_type, record_id, field_id, sealed, key_id)
      select workspace_id, record_type, ${other.id}, field_id, sealed, key_id from sensitive_values where record_id = ${contact.id}`);
    const [shown] = await api.sensitive.reveal({ object: "contact", recordId: other.id });
    expect(shown).toMatchObject({ value: null, problem: "It cannot be opened: it was damaged or does not belong to this record." });
  });

  it("keys rotate: a new current key, every value sealed again, the old key dropped; a missing key is named", async () => {
    const { owner, workspaceId, field, contact } = await setUp();
    const k1 = keyText("k1");
    const k2 = keyText("k2");
    const first = parseKeyring(k1, TEST_SECRET);
    await callerWith(owner, workspaceId, first).sensitive.set({ object: "contact", recordId: contact.id, fieldId: field.id, value: "AB 12 34 56 C" });

    const both = parseKeyring(`${k2},${k1}`, TEST_SECRET);
    const read = async (keyring: Keyring) => (await inWorkspace(appDatabase().db, workspaceId, (tx) => revealSensitive({ db: tx, workspaceId, userId: owner.id, role: "owner" }, keyring, "contact", contact.id)))[0]!;
    expect((await read(both)).value).toBe("AB 12 34 56 C");
    expect(await inWorkspace(appDatabase().db, workspaceId, (tx) => resealWorkspace({ db: tx, workspaceId }, both))).toEqual({ resealed: 1, unreadable: 0 });
    const [row] = await testDatabase().db.select().from(sensitiveValues).where(and(eq(sensitiveValues.recordId, contact.id), eq(sensitiveValues.fieldId, field.id)));
    expect(row!.keyId).toBe("k2");
    // Only the new key now.
    expect((await read(parseKeyring(k2, TEST_SECRET))).value).toBe("AB 12 34 56 C");
    expect(await read(parseKeyring(keyText("k3"), TEST_SECRET))).toMatchObject({ value: null, problem: expect.stringContaining("the key “k2”, which this server does not have") });
  });

  it("erasing a person removes their sensitive values; their export carries them", async () => {
    const { owner, workspaceId, field, contact } = await setUp();
    const api = callerAs(owner, workspaceId);
    await api.sensitive.set({ object: "contact", recordId: contact.id, fieldId: field.id, value: "X1234567" });
    const exported = await api.privacy.exportPerson({ type: "contact", id: contact.id });
    expect(exported.sensitive).toEqual([{ field: "Passport number", value: "X1234567" }]);
    await api.privacy.erasePerson({ type: "contact", id: contact.id });
    expect(await testDatabase().db.select().from(sensitiveValues).where(eq(sensitiveValues.recordId, contact.id))).toEqual([]);
  });

  it("ENCRYPTION_KEYS that are wrong are refused with a sentence", () => {
    expect(() => parseKeyring("k1:c2hvcnQ=", TEST_SECRET)).toThrow("The key “k1” must be 32 bytes");
    expect(() => parseKeyring(`${keyText("a")},${keyText("a")}`, TEST_SECRET)).toThrow("appears twice");
    expect(() => parseKeyring("c2VjcmV0LWtleS1tYXRlcmlhbA==", TEST_SECRET)).toThrow("Entry 1 is not id:base64key");
    expect(() => parseKeyring("c2VjcmV0LWtleS1tYXRlcmlhbA==", TEST_SECRET)).not.toThrow(/c2VjcmV0/);
  });
});
