import { z } from "zod";

/**
 * Validates a process's environment and, when it is wrong, ends the process with one sentence
 * naming the variable: no stack trace for a configuration mistake.
 */
export function parseEnv<T extends z.ZodType>(
  processName: string,
  schema: T,
  source: Record<string, string | undefined> = process.env,
): z.infer<T> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const variable = issue.path.join(".") || "environment";
  throw new EnvError(`${processName} cannot start: ${variable} ${describe(issue, source[variable])}`);
}

function describe(issue: z.core.$ZodIssue, value: unknown): string {
  if (value === undefined || value === "") return `is not set. ${issue.message}`;
  return `is invalid: ${issue.message}`;
}

export class EnvError extends Error {
  override name = "EnvError";
}

/** For process entry points: print an EnvError as one line and exit; rethrow anything else. */
export function exitOnEnvError(error: unknown): never {
  if (error instanceof EnvError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  throw error;
}

export const databaseUrl = z
  .string({ message: "Set it to a PostgreSQL URL like postgres://user:pass@host:5432/db." })
  .min(1, { message: "Set it to a PostgreSQL URL like postgres://user:pass@host:5432/db." })
  .refine((v) => /^postgres(ql)?:\/\//.test(v), {
    message: "It must be a PostgreSQL URL starting with postgres:// (like postgres://user:pass@host:5432/db).",
  });

export const optionalUrl = z
  .string()
  .optional()
  .transform((v) => (v ? v : undefined))
  .pipe(z.url({ message: "It must be a URL." }).optional());

export const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

export const authSecret = z
  .string({ message: "Set it to a random string of at least 32 characters (openssl rand -base64 32)." })
  .min(32, { message: "It must be at least 32 characters (openssl rand -base64 32)." });

export const logLevel = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");
