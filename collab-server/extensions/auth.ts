import type { Extension, Hocuspocus, onAuthenticatePayload, onListenPayload } from "@hocuspocus/server";
import { verifyCollabToken } from "@/server/auth/collab-token";
import type { Db } from "@/server/db/client";
import { authorizeDocument } from "@/server/domain/collab/authorize-document";
import { changeHub, type AccessChange } from "@/server/realtime/record-changes";
import type { Logger } from "@/server/observability/logger";
import { AppError } from "@/shared/errors";
import { COLLAB_UNAVAILABLE } from "@/shared/record-doc";
import type { CollabContext } from "../context";
import type { CollabMetrics } from "./observability";

/**
 * Every connection proves who it is (a short-lived token minted by the web app for this one
 * document) and is authorised against the record itself. Viewers connect read-only.
 */
export class AuthExtension implements Extension {
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly deps: { db: Db; secret: string; log: Logger; metrics: CollabMetrics }) {}

  /** Access is checked again whenever it changes: a removed member is cut off at once. */
  async onListen({ instance }: onListenPayload) {
    if (this.unsubscribe) return;
    const hub = changeHub(this.deps.db);
    this.unsubscribe = hub.onAccessChange((change) => void this.recheck(instance, change));
    await hub.start();
  }

  async onDestroy() {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }

  /**
   * The connections of someone whose role changed or who left the workspace: closed when they
   * may no longer read the record or their write access changed (a provider reconnects and is
   * authorised anew: refused, or read-only); otherwise they go on with the new role.
   */
  private async recheck(instance: Hocuspocus, change: AccessChange) {
    // One person's access (membership, sessions, a team), or anyone's in the workspace (a
    // record's visibility, the workspace allowing private records or not).
    const affected = [...instance.documents.values()].flatMap((document) =>
      document.getConnections().filter((c) => {
        const ctx = c.context as CollabContext | undefined;
        return ctx?.workspaceId === change.workspaceId && (change.userId === undefined || ctx.userId === change.userId);
      }),
    );
    if (!affected.length) return;
    if (change.sessionsEnded) {
      // Signed out everywhere, or ended by an admin: their session is over, so is every connection.
      this.deps.log.info({ userId: change.userId, connections: affected.length }, "sessions ended: connections closed");
      for (const connection of affected) connection.webSocket.close(4401, "Session ended");
      return;
    }
    try {
      for (const connection of affected) {
        // The same check as on connecting: refused (no longer a member, cannot read), or which mode.
        const userId = (connection.context as CollabContext).userId;
        const access = await authorizeDocument(this.deps.db, userId, connection.document.name).catch(() => null);
        if (!access || access.readOnly !== connection.readOnly) {
          this.deps.log.info({ documentName: connection.document.name, removed: !access }, "access changed: connection closed");
          connection.webSocket.close(4403, "Access changed");
        } else {
          (connection.context as CollabContext).role = access.role;
        }
      }
    } catch (error) {
      this.deps.log.error({ err: error }, "could not re-check access; closing the connections to be safe");
      for (const connection of affected) connection.webSocket.close(4403, "Access changed");
    }
  }

  async onAuthenticate(data: onAuthenticatePayload): Promise<CollabContext> {
    const { documentName, token } = data;
    let claims: Awaited<ReturnType<typeof verifyCollabToken>>;
    try {
      claims = await verifyCollabToken(this.deps.secret, token, documentName);
    } catch (error) {
      throw this.refused(documentName, error);
    }
    try {
      const access = await authorizeDocument(this.deps.db, claims.userId, documentName);
      if (access.readOnly) data.connectionConfig.readOnly = true;
      return { userId: claims.userId, name: claims.name, workspaceId: access.workspaceId, role: access.role, readOnly: access.readOnly };
    } catch (error) {
      if (error instanceof AppError) throw this.refused(documentName, error);
      // The database is unreachable: not a refusal. The page is told so and tries again shortly.
      this.deps.log.warn({ documentName, err: error }, "could not check access; connection turned away for now");
      throw Object.assign(new Error("Unavailable"), { reason: COLLAB_UNAVAILABLE });
    }
  }

  /** Hocuspocus answers "permission-denied" when this hook throws an error without a reason. */
  private refused(documentName: string, error: unknown) {
    this.deps.metrics.authFailures.inc();
    this.deps.log.info({ documentName, reason: (error as Error).message }, "connection refused");
    return new Error("Not allowed to open this document.");
  }
}
