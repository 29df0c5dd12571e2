import { z } from "zod";
import { listAudit, verifyAudit } from "@/server/domain/audit/audit";
import { permitted, rest, router } from "../trpc";

const entry = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  at: z.date(),
  actorId: z.uuid().nullable(),
  actorName: z.string().nullable(),
  apiKeyId: z.uuid().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  objectType: z.string().nullable(),
  objectId: z.uuid().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  hash: z.string(),
});

export const auditRouter = router({
  /** Every change and security event of the workspace, newest first. */
  list: permitted("audit.read")
    .meta(rest("GET", "/audit", "The workspace's audit log, newest first, filtered", "audit"))
    .input(
      z.object({
        action: z.string().trim().max(80).optional(),
        actorId: z.uuid().optional(),
        objectType: z.string().trim().max(40).optional(),
        objectId: z.uuid().optional(),
        from: z.coerce.date().optional(),
        to: z.coerce.date().optional(),
        before: z.coerce.number().int().positive().optional(),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
    )
    .output(z.object({ items: z.array(entry), next: z.number().int().nullable() }))
    .query(({ ctx, input }) => listAudit(ctx.ws, input)),

  /** Recomputes the hash chain: tampering with any entry shows as the first broken one. */
  verify: permitted("audit.read")
    .meta(rest("GET", "/audit/verify", "Check the audit log's hash chain", "audit"))
    .output(z.object({ checked: z.number().int(), brokenAt: z.number().int().nullable() }))
    .query(({ ctx }) => verifyAudit(ctx.ws)),
});
