import client from "prom-client";

/**
 * Per-process registry. Labels name procedures and routes, never records, so cardinality stays
 * bounded.
 */
export function createMetrics(processName: string) {
  const registry = new client.Registry();
  registry.setDefaultLabels({ process: processName });
  client.collectDefaultMetrics({ register: registry });
  return registry;
}

export function webMetrics(registry: client.Registry) {
  return {
    httpRequests: new client.Counter({
      name: "mycrm_http_requests_total",
      help: "HTTP requests by route group, method and status.",
      labelNames: ["route", "method", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new client.Histogram({
      name: "mycrm_http_request_duration_seconds",
      help: "HTTP request latency by route group.",
      labelNames: ["route", "method"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    procedureCalls: new client.Counter({
      name: "mycrm_trpc_calls_total",
      help: "tRPC procedure calls by procedure, type and result code.",
      labelNames: ["procedure", "type", "code"] as const,
      registers: [registry],
    }),
    procedureDuration: new client.Histogram({
      name: "mycrm_trpc_duration_seconds",
      help: "tRPC procedure latency by procedure.",
      labelNames: ["procedure", "type"] as const,
      buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
  };
}

export type WebMetrics = ReturnType<typeof webMetrics>;

const globalForMetrics = globalThis as unknown as { __mycrmWebMetrics?: { registry: client.Registry; m: WebMetrics } };

/** The web process's registry, shared by the API handler and the tRPC middleware. */
export function getWebMetrics() {
  if (!globalForMetrics.__mycrmWebMetrics) {
    const registry = createMetrics("web");
    globalForMetrics.__mycrmWebMetrics = { registry, m: webMetrics(registry) };
  }
  return globalForMetrics.__mycrmWebMetrics;
}
