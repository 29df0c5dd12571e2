/**
 * 1. Context: who is calling (session user), the database, request metadata.
 * 2. The tRPC instance: superjson, and an error formatter that gives every error a stable code.
 * 3. Procedures: public → authed → workspace (membership, role, workspace set on the transaction)
 *    → permission by name.
 */
import { initTRPC, TRPCError } from "@trpc/server";
import superjson from "superjson";
import type { OpenApiMeta } from "trpc-to-openapi";
import { z, ZodError } from "zod";
import type { Db } from "@/server/db/client";
import type { ApiKeyPrincipal } from "@/server/domain/api-keys/api-keys";
import type { WorkspaceCtx } from "@/server/domain/context";
import { openRequest } from "@/server/domain/workspaces/memberships";
import type { SessionUser } from "@/server/auth/session";
import { getWebMetrics } from "@/server/observability/metrics";
import type { Logger } from "@/server/observability/logger";
import { waitFor, type Limits } from "@/server/security/limits";
import { AppError, appErrorCodes } from "@/shared/errors";
import { adminPermissions, can, keyAllows, recordObjects, type Permission, type RecordObject, type Role } from "@/shared/permissions";
import type { BlockList } from "node:net";
import { inNetworks } from "@/server/security/networks";
import { parseKeyring, type Keyring } from "@/server/security/keyring";

// 1. Context ---------------------------------------------------------------------------------

export interface CreateContextOptions {
  db: Db;
  user: SessionUser | null;
  /** Set when the caller authenticated with an API key; `user` is then the key's creator. */
  apiKey: ApiKeyPrincipal | null;
  /** A bearer token was sent but is not a valid key: say so rather than "sign in". */
  rejectedBearer?: boolean;
  /** The workspace the caller chose (cookie or header); the oldest membership otherwise. */
  workspaceId: string | null;
  requestId: string;
  log: Logger;
  authSecret: string;
  /** The rate limits of this process (null where none apply: in-process server calls). */
  limits?: Limits | null;
  /** The caller's address, for per-IP limits. */
  clientIp?: string | null;
  /** The API key has used up its requests for now. */
  rateLimited?: { retryAfterMs: number } | null;
  /** Where administration is allowed from (ADMIN_IP_ALLOWLIST); anywhere when null. */
  adminNetworks?: BlockList | null;
  /** The keys of sensitive fields (ENCRYPTION_KEYS); derived from the auth secret when absent. */
  keyring?: Keyring;
  /** The database could not be reached even to say who is calling: every procedure answers 503. */
  databaseDown?: boolean;
}

export const createContext = (opts: CreateContextOptions) => opts;
export type Context = CreateContextOptions;

// 2. tRPC instance ---------------------------------------------------------------------------

/** The innermost cause: Drizzle wraps the driver's error, whose code tells what happened. */
function rootCause(error: unknown): unknown {
  let e = error;
  for (let i = 0; i < 5 && e instanceof Error && e.cause; i++) e = e.cause;
  return e;
}

const unreachable = new Set([
  // The socket (both drivers), postgres.js's own, and PostgreSQL's: shutting down, crashed,
  // starting up, connection failures (class 08).
  "ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "CONNECT_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ENDED", "CONNECTION_DESTROYED",
  "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006",
]);
/** node-postgres (graphile-worker's driver, where its errors reach a request) reports a dropped connection by message only. */
const unreachableMessage = /^Connection terminated|^Client has encountered a connection error|the database system is (shutting down|starting up)/;

const databaseDownMessage = "The database is not reachable right now. Try again in a moment.";

/** Errors that mean the database is unreachable: the caller should retry later. */
export function isDatabaseDown(error: unknown): boolean {
  const root = rootCause(error) as { code?: string; message?: string } | undefined;
  return unreachable.has(root?.code ?? "") || unreachableMessage.test(root?.message ?? "");
}

/** What may be logged of an error: never the query parameters (they hold people's data). */
function loggable(error: unknown) {
  const root = rootCause(error) as { name?: string; message?: string; code?: string; stack?: string };
  return { name: root?.name, message: root?.message, code: root?.code, stack: root?.stack };
}

const t = initTRPC.context<Context>().meta<OpenApiMeta>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: cause instanceof AppError ? cause.appCode : cause instanceof ZodError ? "input.invalid" : undefined,
        zodError: cause instanceof ZodError ? z.flattenError(cause) : null,
      },
    };
  },
});

export const createCallerFactory = t.createCallerFactory;

/** A procedure's REST face under /api/v1: method, path (with {params}), one-line summary, tag. */
export function rest(method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE", path: `/${string}`, summary: string, tag: string): OpenApiMeta {
  return { openapi: { method, path, summary, tags: [tag], protect: true } };
}
export const router = t.router;

// 3. Procedures ------------------------------------------------------------------------------

/** Maps domain errors to tRPC codes and records latency per procedure (never per record). */
const base = t.procedure.use(async ({ ctx, path, type, next }) => {
  const { m } = getWebMetrics();
  const end = m.procedureDuration.startTimer({ procedure: path, type });
  if (ctx.databaseDown) {
    end();
    m.procedureCalls.inc({ procedure: path, type, code: "SERVICE_UNAVAILABLE" });
    throw new TRPCError({ code: "SERVICE_UNAVAILABLE", message: databaseDownMessage, cause: new AppError("UNAVAILABLE", "database.unavailable", databaseDownMessage) });
  }
  const result = await next();
  end();
  if (result.ok) {
    m.procedureCalls.inc({ procedure: path, type, code: "OK" });
    return result;
  }
  const error = result.error;
  const cause = error.cause;
  if (cause instanceof AppError) {
    result.error = new TRPCError({ code: appErrorCodes[cause.kind].trpc, message: cause.message, cause });
  } else if (isDatabaseDown(cause)) {
    result.error = new TRPCError({ code: "SERVICE_UNAVAILABLE", message: databaseDownMessage, cause: new AppError("UNAVAILABLE", "database.unavailable", databaseDownMessage) });
  } else if (error.code === "INTERNAL_SERVER_ERROR") {
    ctx.log.error({ err: loggable(cause ?? error), path, requestId: ctx.requestId }, "procedure failed");
    result.error = new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: "Something went wrong on our side. Try again." });
  }
  m.procedureCalls.inc({ procedure: path, type, code: result.error.code });
  return result;
});

export const publicProcedure = base;

export const authedProcedure = base.use(({ ctx, next }) => {
  if (ctx.rateLimited) {
    throw new AppError("RATE_LIMITED", "api.rate_limited", `Too many requests with this API key. Try again in ${waitFor(ctx.rateLimited.retryAfterMs)}.`);
  }
  if (!ctx.user) {
    if (ctx.rejectedBearer) {
      throw new AppError("UNAUTHORIZED", "apikey.invalid", "This API key or access token is not valid: it is unknown, expired or revoked.");
    }
    throw new AppError("UNAUTHORIZED", "auth.required", "Sign in to continue.");
  }
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** For what only a signed-in person may do (never an API key): managing keys, live editing. */
export const sessionProcedure = authedProcedure.use(({ ctx, next }) => {
  if (ctx.apiKey) throw new AppError("FORBIDDEN", "apikey.not_allowed", "This needs a signed-in person; API keys cannot do it.");
  return next();
});

/** A write key acts as a member at most (never as an admin), a read key as a viewer. */
function keyRole(key: ApiKeyPrincipal): Role {
  if (key.access === "read" || key.creatorRole === "viewer") return "viewer";
  return "member";
}

/**
 * Membership checked, role known, and the whole procedure in one transaction with the workspace
 * and user set on it (for row-level security and for triggers).
 */
export const workspaceProcedure = authedProcedure.use(async ({ ctx, next }) => {
  return ctx.db
    .transaction(async (tx) => {
      // One statement: acting for this person (row-level security shows them their own
      // memberships), their membership, and once it is found, the workspace (that workspace's rows
      // only), from where, through which key, and whether they see records private to others.
      // An API key works in its own workspace only, whatever the request asks for, and acts as a
      // member at most.
      const membership = await openRequest(tx, {
        userId: ctx.user.id,
        workspaceId: ctx.apiKey ? ctx.apiKey.workspaceId : ctx.workspaceId,
        clientIp: ctx.clientIp ?? null,
        apiKeyId: ctx.apiKey?.id ?? null,
        role: ctx.apiKey ? keyRole(ctx.apiKey) : null,
      });
      if (!membership) {
        throw new AppError("FORBIDDEN", "workspace.not_member", "You are not a member of this workspace.");
      }
      // A workspace that requires a second factor opens only to people who have one (API keys
      // are machines: they have their own secret and scopes). Refused, no workspace was set.
      if (membership.requireTwoFactor && !ctx.apiKey && !membership.hasSecondFactor) {
        throw new AppError("FORBIDDEN", "workspace.two_factor_required", "This workspace requires two-factor sign-in: set it up to continue.");
      }
      const role = membership.actingRole;
      const ws: WorkspaceCtx = { db: tx, workspaceId: membership.workspaceId, userId: ctx.user.id, role };
      const result = await next({ ctx: { ...ctx, ws, workspaceName: membership.workspaceName, privateRecords: membership.privateRecords } });
      // A failed procedure must not commit half of its writes.
      if (!result.ok) throw new RolledBack(result);
      return result;
    })
    .catch((error: unknown) => {
      if (error instanceof RolledBack) return error.result as never;
      throw error;
    });
});

class RolledBack<R> {
  constructor(readonly result: R) {}
}

/**
 * The one check every door makes: the caller's role allows the permission, and so does the API
 * key's scope when there is one. For procedures whose permission depends on their input.
 */
export function assertAllowed(
  ctx: { ws: { role: Role }; apiKey: ApiKeyPrincipal | null; adminNetworks?: BlockList | null; clientIp?: string | null },
  permission: Permission,
) {
  if (ctx.apiKey && !keyAllows(ctx.apiKey, permission)) {
    throw new AppError("FORBIDDEN", "apikey.scope", `This API key is not allowed to do this (${permission}).`);
  }
  if (!can(ctx.ws.role, permission)) {
    throw new AppError("FORBIDDEN", "permission.denied", "Your role does not allow this. Ask a workspace admin.");
  }
  if (ctx.adminNetworks && adminPermissions.has(permission) && !inNetworks(ctx.adminNetworks, ctx.clientIp)) {
    throw new AppError("FORBIDDEN", "admin.network", "Administration is only allowed from the company's network. Connect to it (or its VPN) and try again.");
  }
}

/** The record types the caller may read (role and API key scope). */
export function readableTypes(ctx: { ws: { role: Role }; apiKey: ApiKeyPrincipal | null }): RecordObject[] {
  return recordObjects.filter((t) => can(ctx.ws.role, `${t}.read`) && (!ctx.apiKey || keyAllows(ctx.apiKey, `${t}.read`)));
}

/** A workspace procedure that also requires one named permission from the permission table. */
export const permitted = (permission: Permission) =>
  workspaceProcedure.use(({ ctx, next }) => {
    assertAllowed(ctx, permission);
    return next();
  });

/** The keyring of the caller's process. */
export function keyringOf(ctx: Pick<Context, "keyring" | "authSecret">): Keyring {
  return ctx.keyring ?? parseKeyring(undefined, ctx.authSecret);
}
