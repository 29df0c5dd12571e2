/**
 * The one error type domain code throws. The tRPC error formatter maps `code` to a tRPC code and
 * HTTP status; `appCode` is the stable code integrators see; `message` is a sentence for people.
 */
export const appErrorCodes = {
  UNAUTHORIZED: { trpc: "UNAUTHORIZED", status: 401 },
  FORBIDDEN: { trpc: "FORBIDDEN", status: 403 },
  NOT_FOUND: { trpc: "NOT_FOUND", status: 404 },
  CONFLICT: { trpc: "CONFLICT", status: 409 },
  INVALID: { trpc: "BAD_REQUEST", status: 400 },
  RATE_LIMITED: { trpc: "TOO_MANY_REQUESTS", status: 429 },
  UNAVAILABLE: { trpc: "SERVICE_UNAVAILABLE", status: 503 },
} as const;

export type AppErrorKind = keyof typeof appErrorCodes;

export class AppError extends Error {
  constructor(
    readonly kind: AppErrorKind,
    /** Stable, machine-readable: `deal.not_found`, `auth.email_taken`. */
    readonly appCode: string,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (entity: string) =>
  new AppError("NOT_FOUND", `${entity}.not_found`, `That ${entity} does not exist or you cannot see it.`);
