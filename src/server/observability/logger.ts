import pino from "pino";

/** One structured line per event. Never log secrets: tokens and passwords are redacted. */
export function createLogger(name: string, level = process.env.LOG_LEVEL ?? "info") {
  return pino({
    name,
    level,
    base: { process: name },
    redact: { paths: ["password", "token", "*.password", "*.token", "headers.cookie", "headers.authorization"], censor: "[redacted]" },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type Logger = pino.Logger;
