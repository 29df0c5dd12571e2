import "server-only";
import { parseKeyring } from "@/server/security/keyring";
import { randomUUID } from "node:crypto";
import { cookies, headers } from "next/headers";
import { CLIENT_IP_HEADER } from "@/server/security/client-ip";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { z } from "zod";
import { createCaller } from "@/server/api/root";
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

/** Server components call the router in-process, never over HTTP. */
export const serverCaller = cache(async () => {
  const e = env();
  const user = await getSession();
  const chosen = (await cookies()).get(WORKSPACE_COOKIE)?.value;
  const clientIp = (await headers()).get(CLIENT_IP_HEADER);
  const workspaceId = chosen && z.uuid().safeParse(chosen).success ? chosen : null;
  return createCaller({
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
  });
});
