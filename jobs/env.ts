import { z } from "zod";
import { authSecret, databaseUrl, logLevel, optionalUrl, parseEnv, port } from "@/server/env-core";

const schema = z.object({
  DATABASE_URL: databaseUrl,
  /** The secret password reset links are derived from (the web app's own). */
  AUTH_SECRET: authSecret,
  WORKER_PORT: port(3002),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(50).default(5),
  LOG_LEVEL: logLevel,
  /** Links in emails point here. */
  APP_URL: z.url({ message: "It must be a URL like http://localhost:3000." }).default("http://localhost:3000"),
  /** Without it, emails are kept in the outbox instead of sent. */
  RESEND_API_KEY: z.string().min(1).optional(),
  RESEND_BASE_URL: optionalUrl,
  MAIL_FROM: z.string().min(3).default("MyCRM <notifications@mycrm.local>"),
  /**
   * A job locked this long by a worker whose process no longer beats (killed, crashed, its host
   * gone) is given back to the queue, to run again.
   */
  WORKER_RECOVER_AFTER_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
});

export const workerEnv = () => parseEnv("The worker", schema);
