import { forEachWorkspace, type Db } from "@/server/db/client";
import { compactHistory, documentsToCompact } from "@/server/domain/record-docs/history";
import type { Logger } from "@/server/observability/logger";

/**
 * Hourly: documents whose update logs have grown get each old version's updates merged into one
 * (the history the record page shows stays exactly the same).
 */
export async function compactDocumentHistory(db: Db, log: Logger) {
  const removed = await forEachWorkspace(db, async (tx, workspaceId) => {
    let n = 0;
    for (const { name } of await documentsToCompact(tx)) n += await compactHistory({ db: tx, workspaceId }, name);
    return n;
  });
  if (removed) log.info({ removed }, "compacted document history");
  return removed;
}
