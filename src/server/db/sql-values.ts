import { sql } from "drizzle-orm";

/**
 * Values as one bound `text[]` parameter (for `= any(…)`, `&&`, `-`): the statement's text is the
 * same however many there are, so its prepared form is reused rather than one kept per count.
 */
export const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;

/** The same, for signed 64-bit integers given as strings (advisory lock keys). */
export const bigintArray = (values: readonly string[]) => sql`${sql.param([...values])}::bigint[]`;

/** Byte strings as one bound `bytea[]` parameter (an array literal of hex strings). */
export const byteaArray = (values: readonly Uint8Array[]) =>
  sql`${sql.param(`{${values.map((v) => `"\\\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("hex")}"`).join(",")}}`)}::bytea[]`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids, some of them missing (null), as one bound `uuid[]` parameter (an array literal: anything but an id is refused). */
export const uuidArray = (values: readonly (string | null | undefined)[]) =>
  sql`${sql.param(
    `{${values
      .map((v) => {
        if (v == null) return "NULL";
        if (!UUID.test(v)) throw new Error(`not an id: ${JSON.stringify(v)}`);
        return v;
      })
      .join(",")}}`,
  )}::uuid[]`;
