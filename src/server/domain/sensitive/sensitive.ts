import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { customFields, sensitiveValues } from "@/server/db/schema";
import { openValue, sealValue, type Keyring } from "@/server/security/keyring";
import { AppError, notFound } from "@/shared/errors";
import type { RecordObject } from "@/shared/permissions";
import type { WorkspaceCtx } from "../context";
import { audit } from "../audit/audit";
import { recordTables } from "@/server/db/record-tables";

/** Where a sealed value belongs: it opens only there. */
const contextOf = (workspaceId: string, type: RecordObject, recordId: string, fieldId: string) => `${workspaceId}:${type}:${recordId}:${fieldId}`;

export async function listSensitiveFields(ctx: Pick<WorkspaceCtx, "db" | "workspaceId">, object: RecordObject) {
  return ctx.db
    .select({ id: customFields.id, label: customFields.label, type: customFields.type })
    .from(customFields)
    .where(and(eq(customFields.workspaceId, ctx.workspaceId), eq(customFields.object, object), eq(customFields.sensitive, true)))
    .orderBy(asc(customFields.position), asc(customFields.createdAt));
}

async function storedValues(ctx: WorkspaceCtx, type: RecordObject, recordId: string) {
  return ctx.db
    .select({ fieldId: sensitiveValues.fieldId, sealed: sensitiveValues.sealed, updatedAt: sensitiveValues.updatedAt })
    .from(sensitiveValues)
    .where(and(eq(sensitiveValues.workspaceId, ctx.workspaceId), eq(sensitiveValues.recordType, type), eq(sensitiveValues.recordId, recordId)));
}

/** The record exists here (in the trash too: its sensitive values are still its own). */
async function assertRecord(ctx: WorkspaceCtx, type: RecordObject, recordId: string) {
  const table = recordTables[type];
  const [row] = await ctx.db.select({ id: table.id }).from(table).where(and(eq(table.workspaceId, ctx.workspaceId), eq(table.id, recordId))).limit(1);
  if (!row) throw notFound(type);
}

/** The record's sensitive fields and whether each holds a value — never the values. */
export async function sensitiveSummary(ctx: WorkspaceCtx, type: RecordObject, recordId: string) {
  await assertRecord(ctx, type, recordId);
  const [fields, values] = await Promise.all([listSensitiveFields(ctx, type), storedValues(ctx, type, recordId)]);
  const byField = new Map(values.map((v) => [v.fieldId, v]));
  return fields.map((f) => ({ ...f, hasValue: byField.has(f.id), updatedAt: byField.get(f.id)?.updatedAt ?? null }));
}

/**
 * The values, opened: each reveal is in the audit log (who, which record, which fields — never
 * the values). A value whose key is not configured any more, or that was moved or damaged, says so.
 */
export async function revealSensitive(ctx: WorkspaceCtx, keyring: Keyring, type: RecordObject, recordId: string) {
  await assertRecord(ctx, type, recordId);
  const [fields, values] = await Promise.all([listSensitiveFields(ctx, type), storedValues(ctx, type, recordId)]);
  const byField = new Map(values.map((v) => [v.fieldId, v]));
  const revealed = fields.map((f) => {
    const stored = byField.get(f.id);
    if (!stored) return { id: f.id, label: f.label, type: f.type, value: null, problem: null };
    const opened = openValue(keyring, contextOf(ctx.workspaceId, type, recordId, f.id), stored.sealed);
    if (opened.ok) return { id: f.id, label: f.label, type: f.type, value: opened.value, problem: null };
    const problem =
      opened.reason === "missing_key"
        ? `It was sealed with the key “${opened.keyId}”, which this server does not have. Add it back to ENCRYPTION_KEYS.`
        : "It cannot be opened: it was damaged or does not belong to this record.";
    return { id: f.id, label: f.label, type: f.type, value: null, problem };
  });
  const shown = revealed.filter((r) => r.value !== null).map((r) => r.label);
  if (shown.length) await audit(ctx.db, { workspaceId: ctx.workspaceId, action: "sensitive.revealed", objectType: type, objectId: recordId, after: { fields: shown } });
  return revealed;
}

const MAX_LENGTH = { text: 2000, long_text: 20000 } as const;

/** Sets (or, with null or "", clears) one sensitive value, sealed with the current key. */
export async function setSensitive(ctx: WorkspaceCtx, keyring: Keyring, input: { object: RecordObject; recordId: string; fieldId: string; value: string | null }) {
  await assertRecord(ctx, input.object, input.recordId);
  const [field] = (await listSensitiveFields(ctx, input.object)).filter((f) => f.id === input.fieldId);
  if (!field) throw notFound("field");
  const value = input.value?.trim() ? (field.type === "long_text" ? input.value : input.value.trim()) : null;
  const max = field.type === "long_text" ? MAX_LENGTH.long_text : MAX_LENGTH.text;
  if (value && value.length > max) throw new AppError("INVALID", "sensitive.too_long", `“${field.label}” can hold at most ${max} characters.`);
  const key = { workspaceId: ctx.workspaceId, recordType: input.object, recordId: input.recordId, fieldId: input.fieldId };
  if (value === null) {
    await ctx.db
      .delete(sensitiveValues)
      .where(and(eq(sensitiveValues.workspaceId, ctx.workspaceId), eq(sensitiveValues.recordType, input.object), eq(sensitiveValues.recordId, input.recordId), eq(sensitiveValues.fieldId, input.fieldId)));
  } else {
    const { sealed, keyId } = sealValue(keyring, contextOf(ctx.workspaceId, input.object, input.recordId, input.fieldId), value);
    await ctx.db
      .insert(sensitiveValues)
      .values({ ...key, sealed, keyId, updatedBy: ctx.userId })
      .onConflictDoUpdate({
        target: [sensitiveValues.workspaceId, sensitiveValues.recordType, sensitiveValues.recordId, sensitiveValues.fieldId],
        set: { sealed, keyId, updatedBy: ctx.userId, updatedAt: sql`now()` },
      });
  }
  await audit(ctx.db, { workspaceId: ctx.workspaceId, action: value === null ? "sensitive.cleared" : "sensitive.updated", objectType: input.object, objectId: input.recordId, after: { field: field.label } });
  return { fieldId: field.id, hasValue: value !== null };
}

/** Every sensitive value of a record, removed (erasing a person, deleting a record for good). */
export async function forgetSensitive(db: DbOrTx, workspaceId: string, type: RecordObject, recordId: string) {
  await db.delete(sensitiveValues).where(and(eq(sensitiveValues.workspaceId, workspaceId), eq(sensitiveValues.recordType, type), eq(sensitiveValues.recordId, recordId)));
}

/**
 * Key rotation, in one workspace: every value sealed with another key than the current one is
 * opened and sealed again with the current one. Values that cannot be opened are left as they
 * are and counted.
 */
export async function resealWorkspace(ctx: Pick<WorkspaceCtx, "db" | "workspaceId">, keyring: Keyring) {
  const stale = await ctx.db
    .select()
    .from(sensitiveValues)
    .where(and(eq(sensitiveValues.workspaceId, ctx.workspaceId), ne(sensitiveValues.keyId, keyring.current.id)))
    .for("update");
  let resealed = 0;
  let unreadable = 0;
  for (const row of stale) {
    const context = contextOf(row.workspaceId, row.recordType, row.recordId, row.fieldId);
    const opened = openValue(keyring, context, row.sealed);
    if (!opened.ok) {
      unreadable++;
      continue;
    }
    const { sealed, keyId } = sealValue(keyring, context, opened.value);
    await ctx.db
      .update(sensitiveValues)
      .set({ sealed, keyId })
      .where(and(eq(sensitiveValues.workspaceId, row.workspaceId), eq(sensitiveValues.recordType, row.recordType), eq(sensitiveValues.recordId, row.recordId), eq(sensitiveValues.fieldId, row.fieldId)));
    resealed++;
  }
  return { resealed, unreadable };
}
