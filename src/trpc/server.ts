import "server-only";
import { parseKeyring } from "@/server/security/keyring";
import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import { CLIENT_IP_HEADER } from "@/server/security/client-ip";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { z } from "zod";
import { appRouter, createCaller, type AppRouter } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { makeQueryClient } from "./query-client";
import { authOptions } from "@/server/auth/options";
import { getDatabase } from "@/server/db/client";
import { env } from "@/server/env";
import { WORKSPACE_COOKIE } from "@/shared/constants";
import { createLogger } from "@/server/observability/logger";

const log = createLogger("web-rsc");

export const getSession = cache(async () => {
  const session = await getServerSession(authOptions());
  const id = (session?.user as { id?: string } | undefined)?.id;
  return id ? { id, email: session?.user?.email ?? null, name: session?.user?.name ?? null } : null;
});

/** The request's context for calls from server components. */
const serverContext = cache(async (): Promise<Context> => {
  const e = env();
  const user = await getSession();
  const chosen = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const clientIp = (await headers()).get(CLIENT_IP_HEADER);
  const workspaceId = chosen && z.uuid().safeParse(chosen).success ? chosen : null;
  return {
    db: getDatabase(e.DATABASE_URL).db,
    user,
    apiKey: null,
    workspaceId,
    requestId: randomUUID(),
    log,
    authSecret: e.AUTH_SECRET,
    clientIp,
    adminNetworks: e.ADMIN_IP_ALLOWLIST,
    keyring: parseKeyring(e.ENCRYPTION_KEYS, e.AUTH_SECRET),
  };
});

/** Server components call the router in-process, never over HTTP. */
export const serverCaller = cache(async () => createCaller(await serverContext()));

/** The request's query cache: what a page's server component fetches goes to the browser with it (see Prefetched). */
export const getQueryClient = cache(() => makeQueryClient({ onServer: true }));

/**
 * The same query options as `useTRPC()` in the browser, run in-process: a page fetches its first
 * queries while it renders, instead of the browser asking for them once its scripts have run.
 */
export const serverTrpc = cache(() => createTRPCOptionsProxy<AppRouter>({ router: appRouter, ctx: serverContext, queryClient: getQueryClient }));
