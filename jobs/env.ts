import { z } from "zod";
import { databaseUrl, logLevel, parseEnv, port } from "@/server/env-core";

const schema = z.object({
  DATABASE_URL: databaseUrl,
  WORKER_PORT: port(3002),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  LOG_LEVEL: logLevel,
});

export const workerEnv = () => parseEnv("The worker", schema);
