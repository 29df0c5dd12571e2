import { z } from "zod";
import { authSecret, databaseUrl, logLevel, optionalUrl, parseEnv, port } from "@/server/env-core";

const schema = z.object({
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: authSecret,
  COLLAB_PORT: port(3001),
  COLLAB_HOST: z.string().default("0.0.0.0"),
  REDIS_URL: optionalUrl,
  LOG_LEVEL: logLevel,
});

export type CollabEnv = z.infer<typeof schema>;
export const collabEnv = () => parseEnv("The collab-server", schema);
