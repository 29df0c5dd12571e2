import { sql } from "drizzle-orm";

/**
 * Values as one bound `text[]` parameter (for `= any(…)`, `&&`, `-`): the statement's text is the
 * same however many there are, so its prepared form is reused rather than one kept per count.
 */
export const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;

/** The same, for signed 64-bit integers given as strings (advisory lock keys). */
export const bigintArray = (values: readonly string[]) => sql`${sql.param([...values])}::bigint[]`;

/**
 * Byte strings as one bound `bytea[]` parameter: an array literal of hex strings (hex cannot break
 * out of it), since postgres.js binds an array of buffers as a single `bytea`.
 */
export const byteaArray = (values: readonly Uint8Array[]) =>
  sql`${sql.param(`{${values.map((v) => `"\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")}"`).join(",")}}`)}::bytea[]`;

/** Ids, some of them missing (null), as one bound `uuid[]` parameter. */
export const uuidArray = (values: readonly (string | null | undefined)[]) => sql`${sql.param(values.map((v) => v ?? null))}::uuid[]`;
