import { sql } from "drizzle-orm";

/**
 * Values as one bound `text[]` parameter (for `= any(…)`, `&&`, `-`): the statement's text is the
 * same however many there are, so its prepared form is reused rather than one kept per count.
 */
export const textArray = (values: readonly string[]) => sql`${sql.param([...values])}::text[]`;

/** The same, for signed 64-bit integers given as strings (advisory lock keys). */
export const bigintArray = (values: readonly string[]) => sql`${sql.param([...values])}::bigint[]`;
