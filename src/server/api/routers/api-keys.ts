import { z } from "zod";
import { createApiKey, listApiKeys, revokeApiKey } from "@/server/domain/api-keys/api-keys";
import { apiObjects } from "@/shared/permissions";
import { apiKeyAccess, createApiKeyInput, idInput } from "@/shared/schemas";
import { permitted, router } from "../trpc";

const apiKey = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  access: apiKeyAccess,
  objects: z.array(z.enum(apiObjects)),
  createdAt: z.date(),
});

/** Admins manage keys from the settings page; keys themselves can never manage keys. */
export const apiKeysRouter = router({
  list: permitted("apikey.manage")
    .output(z.array(apiKey.extend({ lastUsedAt: z.date().nullable(), revokedAt: z.date().nullable() })))
    .query(({ ctx }) => listApiKeys(ctx.ws)),
  create: permitted("apikey.manage")
    .input(createApiKeyInput)
    .output(apiKey.extend({ token: z.string() }))
    .mutation(({ ctx, input }) => createApiKey(ctx.ws, input)),
  revoke: permitted("apikey.manage")
    .input(idInput)
    .output(idInput)
    .mutation(({ ctx, input }) => revokeApiKey(ctx.ws, input.id)),
});
