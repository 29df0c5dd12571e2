import { z } from "zod";
import { databaseUrl, logLevel, optionalUrl, parseEnv, port } from "@/server/env-core";

const schema = z.object({
  DATABASE_URL: databaseUrl,
  WORKER_PORT: port(3002),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  LOG_LEVEL: logLevel,
  /** Links in emails point here. */
  APP_URL: z.url({ message: "It must be a URL like http://localhost:3000." }).default("http://localhost:3000"),
  /** Without it, emails are kept in the outbox instead of sent. */
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default("MyCRM <notifications@mycrm.local>"),
});

export const workerEnv = () => parseEnv("The worker", schema);
