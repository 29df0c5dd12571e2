import { sql } from "drizzle-orm";

/** Values as one bound `text[]` (an empty array when there are none): for `= any(…)`, `&&`, `-`. */
export const textArray = (values: readonly string[]) =>
  values.length ? sql`array[${sql.join(values.map((v) => sql`${v}`), sql`, `)}]::text[]` : sql`'{}'::text[]`;
