import type { TaskList } from "graphile-worker";
import type { Db } from "@/server/db/client";
import type { Logger } from "@/server/observability/logger";
import { dealCloseDateReminders } from "./tasks/deals/close-date-reminders";
import { dealStageChanged } from "./tasks/deals/stage-changed";
import { taskAssigned } from "./tasks/tasks/task-assigned";
import { runImport } from "@/server/domain/imports/imports";
import { compactDocumentHistory } from "./tasks/documents/compact-history";

/** Task identifiers are stable: jobs already queued carry them. */
export function createTaskList(db: Db, log: Logger, onDone?: (task: string, ok: boolean) => void): TaskList {
  const wrap =
    (name: string, fn: (payload: unknown) => Promise<unknown>): TaskList[string] =>
    async (payload) => {
      try {
        await fn(payload);
        onDone?.(name, true);
      } catch (error) {
        onDone?.(name, false);
        log.warn({ task: name, err: error }, "job failed; it will be retried");
        throw error;
      }
    };
  return {
    deal_stage_changed: wrap("deal_stage_changed", (p) => dealStageChanged(db, p)),
    deal_close_reminders: wrap("deal_close_reminders", () => dealCloseDateReminders(db)),
    task_assigned: wrap("task_assigned", (p) => taskAssigned(db, p)),
    import_records: wrap("import_records", (p) => runImport(db, p)),
    compact_history: wrap("compact_history", () => compactDocumentHistory(db, log)),
  };
}

/** Few entries, stable ids. */
export const crontab = ["0 8 * * * deal_close_reminders ?id=deal_close_reminders&fill=1d", "17 * * * * compact_history ?id=compact_history"].join("\n");
