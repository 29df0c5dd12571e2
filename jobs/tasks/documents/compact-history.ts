import type { Db } from "@/server/db/client";
import { compactHistory, documentsToCompact } from "@/server/domain/record-docs/history";
import type { Logger } from "@/server/observability/logger";

/**
 * Hourly: documents whose update logs have grown get each old version's updates merged into one
 * (the history the record page shows stays exactly the same).
 */
export async function compactDocumentHistory(db: Db, log: Logger) {
  let removed = 0;
  for (const { workspaceId, name } of await documentsToCompact(db)) {
    removed += await compactHistory({ db, workspaceId }, name);
  }
  if (removed) log.info({ removed }, "compacted document history");
  return removed;
}
