import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import type { DbOrTx } from "@/server/db/client";
import { recoveryCodes, ssoTickets, userIdentities, users } from "@/server/db/schema";
import { endSessions } from "./sessions";
import { sha256Hex } from "@/server/security/digest";
import { ssoErrorMessages } from "@/shared/sso";
import { audit } from "../audit/audit";

/** What a single sign-on provider told us about the person who just signed in there. */
export interface SsoIdentity {
  /** `oidc:<issuer>` or `saml:<IdP entity id>`. */
  provider: string;
  /** The provider's stable id of the person (OIDC `sub`, SAML NameID). */
  subject: string;
  email: string | null;
  /** The provider vouches for the email (OIDC `email_verified`, or a provider the operator trusts). */
  emailVerified: boolean;
  name: string | null;
}

/** A single sign-on we do not accept, with the sentence the sign-in page shows. */
export class SsoRefused extends Error {
  constructor(
    message: string,
    readonly code: "sso.no_email" | "sso.email_unverified" | "sso.ticket_invalid",
  ) {
    super(message);
  }
}

const refused = (code: SsoRefused["code"]) => new SsoRefused(ssoErrorMessages[code]!, code);


/**
 * The account for a person signed in by a provider:
 *
 * - an identity seen before signs in its linked account (even if the email changed since);
 * - otherwise the email must be one the provider vouches for: it is linked to the account with
 *   that email, or a new account (without a password) is made for it; an account that never
 *   proved its email loses its password and second factor in the linking (someone else may
 *   have made it with that email);
 * - an unverified or missing email is refused: taking over an account by claiming its email at a
 *   provider that checks nothing is the classic single sign-on hole.
 */
export async function ssoSignIn(db: DbOrTx, identity: SsoIdentity, ip: string | null) {
  const email = identity.email?.trim().toLowerCase() || null;
  const result = await db.transaction(async (tx) => {
    const [known] = await tx
      .update(userIdentities)
      .set({ lastUsedAt: sql`now()`, email })
      .where(and(eq(userIdentities.provider, identity.provider), eq(userIdentities.subject, identity.subject)))
      .returning({ userId: userIdentities.userId });
    if (known) {
      const [user] = await tx.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, known.userId));
      return { user: user!, event: null };
    }
    if (!email) throw refused("sso.no_email");
    if (!identity.emailVerified) throw refused("sso.email_unverified");
    const [existing] = await tx
      .select({ id: users.id, email: users.email, name: users.name, verified: users.emailVerifiedAt })
      .from(users)
      .where(sql`lower(${users.email}) = ${email}`);
    if (existing && !existing.verified) {
      // An account that never proved this email may have been made by someone else, waiting for
      // the real owner to arrive (pre-hijacking): the provider proves the email now, so the
      // account becomes theirs alone — its password, second factor and sessions end.
      await tx.update(users).set({ passwordHash: null, totpSecret: null, totpPending: null, totpEnabledAt: null, totpLastStep: null }).where(eq(users.id, existing.id));
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, existing.id));
      await endSessions(tx, existing.id);
    }
    const user =
      (existing ? { id: existing.id, email: existing.email, name: existing.name } : null) ??
      (
        await tx
          .insert(users)
          .values({ email, name: identity.name?.trim() || email.split("@")[0]!, passwordHash: null })
          .returning({ id: users.id, email: users.email, name: users.name })
      )[0]!;
    await tx.update(users).set({ emailVerifiedAt: sql`coalesce(${users.emailVerifiedAt}, now())` }).where(eq(users.id, user.id));
    await tx.insert(userIdentities).values({ provider: identity.provider, subject: identity.subject, userId: user.id, email });
    return { user, event: !existing ? "sso.account_created" : existing.verified ? "sso.linked" : "sso.linked_unproven_account" };
  });
  const { user, event } = result;
  const entry = { workspaceId: null, objectType: "user", objectId: user.id, actorId: user.id, ip, after: { email: user.email, provider: identity.provider } };
  if (event) await audit(db, { ...entry, action: event });
  await audit(db, { ...entry, action: "signin.succeeded" });
  return user;
}

/** Records a refused single sign-on in the account chain of the audit log. */
export async function auditSsoRefused(db: DbOrTx, provider: string, code: string, ip: string | null) {
  await audit(db, { workspaceId: null, action: "signin.failed", objectType: "user", objectId: null, actorId: null, ip, after: { provider, reason: code } });
}

const TICKET_SECONDS = 120;

/** A one-time ticket that turns a completed single sign-on into a session in the browser that began it. */
export async function issueTicket(db: DbOrTx, userId: string, requestId: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  await db.delete(ssoTickets).where(sql`${ssoTickets.expiresAt} < now() - interval '1 hour'`);
  await db.insert(ssoTickets).values({ tokenHash: sha256Hex(token), userId, requestId, expiresAt: sql`now() + make_interval(secs => ${TICKET_SECONDS})` });
  return token;
}

/**
 * The ticket's user, once: only for the browser holding the request id the sign-on answered (so
 * someone cannot sign another person's browser into their own account with their ticket).
 */
export async function redeemTicket(db: DbOrTx, token: string, requestId: string | null) {
  if (!requestId) throw refused("sso.ticket_invalid");
  const [used] = await db
    .update(ssoTickets)
    .set({ usedAt: sql`now()` })
    .where(and(eq(ssoTickets.tokenHash, sha256Hex(token)), eq(ssoTickets.requestId, requestId), isNull(ssoTickets.usedAt), gt(ssoTickets.expiresAt, sql`now()`)))
    .returning({ userId: ssoTickets.userId });
  if (!used) throw refused("sso.ticket_invalid");
  const [user] = await db.select({ id: users.id, email: users.email, name: users.name }).from(users).where(eq(users.id, used.userId));
  if (!user) throw refused("sso.ticket_invalid");
  return user;
}
