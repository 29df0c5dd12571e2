import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import { verifyCollabToken } from "@/server/auth/collab-token";
import type { Db } from "@/server/db/client";
import { authorizeDocument } from "@/server/domain/collab/authorize-document";
import type { Logger } from "@/server/observability/logger";
import type { CollabContext } from "../context";
import type { CollabMetrics } from "./observability";

/**
 * Every connection proves who it is (a short-lived token minted by the web app for this one
 * document) and is authorised against the record itself. Viewers connect read-only.
 */
export class AuthExtension implements Extension {
  constructor(private readonly deps: { db: Db; secret: string; log: Logger; metrics: CollabMetrics }) {}

  async onAuthenticate(data: onAuthenticatePayload): Promise<CollabContext> {
    const { documentName, token } = data;
    try {
      const claims = await verifyCollabToken(this.deps.secret, token, documentName);
      const access = await authorizeDocument(this.deps.db, claims.userId, documentName);
      if (access.readOnly) data.connectionConfig.readOnly = true;
      return { userId: claims.userId, name: claims.name, workspaceId: access.workspaceId, role: access.role, readOnly: access.readOnly };
    } catch (error) {
      this.deps.metrics.authFailures.inc();
      this.deps.log.info({ documentName, reason: (error as Error).message }, "connection refused");
      // Hocuspocus closes the connection with "permission-denied" when this hook throws.
      throw new Error("Not allowed to open this document.");
    }
  }
}
