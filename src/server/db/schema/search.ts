import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { workspaces } from "./auth";

/**
 * The distinct words of each workspace's records (kept by a trigger on companies, contacts and
 * deals). Typo-tolerant search corrects a query's words against this small table, then searches
 * the records by word prefix: fast at any number of records.
 */
export const searchWords = pgTable(
  "search_words",
  {
    workspaceId: uuid("workspace_id")
      .notNull()
      .references(() => workspaces.id, { onDelete: "cascade" }),
    word: text("word").notNull(),
  },
  (t) => [primaryKey({ columns: [t.workspaceId, t.word] }), index("search_words_trgm_idx").using("gin", t.word.op("gin_trgm_ops"))],
);
