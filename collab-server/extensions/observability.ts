import type { Extension, onRequestPayload } from "@hocuspocus/server";
import client from "prom-client";
import { createMetrics } from "@/server/observability/metrics";

export function collabMetrics() {
  const registry = createMetrics("collab");
  return {
    registry,
    connections: new client.Gauge({ name: "mycrm_collab_connections", help: "Open document connections.", registers: [registry] }),
    documents: new client.Gauge({ name: "mycrm_collab_documents", help: "Documents loaded in memory.", registers: [registry] }),
    documentsLoaded: new client.Counter({ name: "mycrm_collab_documents_loaded_total", help: "Documents loaded from PostgreSQL.", registers: [registry] }),
    documentsStored: new client.Counter({ name: "mycrm_collab_documents_stored_total", help: "Snapshots stored.", registers: [registry] }),
    authFailures: new client.Counter({ name: "mycrm_collab_auth_failures_total", help: "Refused connections.", registers: [registry] }),
    appendDuration: new client.Histogram({
      name: "mycrm_collab_update_append_seconds",
      help: "Time to append an update to the log before acknowledging it.",
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
  };
}

export type CollabMetrics = ReturnType<typeof collabMetrics>;

/** /health and /metrics on the collab-server's own port. No per-document labels. */
export class ObservabilityExtension implements Extension {
  constructor(private readonly metrics: CollabMetrics) {}

  async onRequest({ request, response, instance }: onRequestPayload) {
    const path = (request.url ?? "/").split("?")[0];
    if (path === "/health") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ status: "ok", documents: instance.getDocumentsCount(), connections: instance.getConnectionsCount() }));
      throw null;
    }
    if (path === "/metrics") {
      this.metrics.connections.set(instance.getConnectionsCount());
      this.metrics.documents.set(instance.getDocumentsCount());
      response.writeHead(200, { "content-type": this.metrics.registry.contentType });
      response.end(await this.metrics.registry.metrics());
      throw null;
    }
  }
}
