import type { TaskList } from "graphile-worker";
import { z } from "zod";
import { inWorkspace, type Db, type DbOrTx } from "@/server/db/client";
import type { Logger } from "@/server/observability/logger";
import { dealCloseDateReminders } from "./tasks/deals/close-date-reminders";
import { dealStageChanged } from "./tasks/deals/stage-changed";
import { taskAssigned } from "./tasks/tasks/task-assigned";
import { runImport } from "@/server/domain/imports/imports";
import { compactDocumentHistory } from "./tasks/documents/compact-history";
import { sendNotificationEmail } from "./tasks/notifications/send-email";
import { taskDueReminders } from "./tasks/tasks/due-reminders";
import { sendInvitationEmail } from "./tasks/workspaces/send-invitation";
import { sendPasswordResetEmail } from "./tasks/accounts/send-password-reset";
import { applyRetentionEverywhere } from "./tasks/privacy/apply-retention";
import type { MailConfig } from "@/server/integrations/mail";

export interface TaskConfig {
  mail: MailConfig;
  /** For links in emails. */
  appUrl: string;
  /** The web app's secret: reset links are derived from it and the request. */
  authSecret: string;
}

/** No mail key: every email lands in the outbox. */
export const localTaskConfig: TaskConfig = { mail: { from: "MyCRM <notifications@mycrm.local>" }, appUrl: "http://localhost:3000", authSecret: "local-secret-local-secret-local-secret!" };

/** Task identifiers are stable: jobs already queued carry them. */
export function createTaskList(db: Db, log: Logger, onDone?: (task: string, ok: boolean) => void, config: TaskConfig = localTaskConfig): TaskList {
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
  /** A job about one workspace runs inside it (row-level security), all in one transaction. */
  const within =
    (fn: (tx: DbOrTx, payload: unknown) => Promise<unknown>) =>
    (payload: unknown) =>
      inWorkspace(db, workspacePayload.parse(payload).workspaceId, (tx) => fn(tx, payload));
  return {
    deal_stage_changed: wrap("deal_stage_changed", within((tx, p) => dealStageChanged(tx, p))),
    deal_close_reminders: wrap("deal_close_reminders", () => dealCloseDateReminders(db)),
    task_assigned: wrap("task_assigned", within((tx, p) => taskAssigned(tx, p))),
    import_records: wrap("import_records", (p) => runImport(db, p)),
    compact_history: wrap("compact_history", () => compactDocumentHistory(db, log)),
    send_notification_email: wrap("send_notification_email", within((tx, p) => sendNotificationEmail(tx, config.mail, config.appUrl, p))),
    task_due_reminders: wrap("task_due_reminders", () => taskDueReminders(db)),
    send_invitation_email: wrap("send_invitation_email", within((tx, p) => sendInvitationEmail(tx, config.mail, config.appUrl, p))),
    // About an account, not a workspace.
    apply_retention: wrap("apply_retention", () => applyRetentionEverywhere(db)),
    send_password_reset_email: wrap("send_password_reset_email", (p) => sendPasswordResetEmail(db, config.mail, config.appUrl, config.authSecret, p)),
  };
}

const workspacePayload = z.object({ workspaceId: z.uuid() });

/** Few entries, stable ids. */
export const crontab = ["0 8 * * * deal_close_reminders ?id=deal_close_reminders&fill=1d", "30 3 * * * apply_retention ?id=apply_retention&fill=1d", "17 * * * * compact_history ?id=compact_history", "0 7 * * * task_due_reminders ?id=task_due_reminders&fill=1d"].join("\n");
