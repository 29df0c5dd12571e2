import { generateKeyPairSync, randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, userIdentities, users } from "@/server/db/schema";
import { redeemTicket, ssoSignIn } from "@/server/domain/auth/sso";
import { SSO_REQUEST_COOKIE } from "@/shared/sso";
import { startApiServer } from "./api-server";
import { appDatabase, callerAs, newWorkspace, testDatabase, uniqueEmail } from "./helpers";
import { readAuthnRequest, samlIdpCert, samlResponse, startSamlProvider, type SamlProvider, type SamlRequest } from "./identity-providers";

const provider = (name: string) => `oidc:https://${name}.example.test`;

describe("single sign-on accounts", () => {
  it("a new person gets an account without a password; the same subject finds it again even after the email changed", async () => {
    const { db } = appDatabase();
    const email = uniqueEmail("sso-new");
    const issuer = provider(randomUUID());
    const user = await ssoSignIn(db, { provider: issuer, subject: "abc-123", email: email.toUpperCase(), emailVerified: true, name: "Nia Newcomer" }, "203.0.113.7");
    expect(user).toMatchObject({ email, name: "Nia Newcomer" });
    const [stored] = await testDatabase().db.select().from(users).where(eq(users.id, user.id));
    expect(stored!.passwordHash).toBeNull();

    const again = await ssoSignIn(db, { provider: issuer, subject: "abc-123", email: "renamed@example.test", emailVerified: false, name: null }, null);
    expect(again.id).toBe(user.id);
    const events = await testDatabase().db.select({ action: auditLog.action, ip: auditLog.ip }).from(auditLog).where(eq(auditLog.objectId, user.id)).orderBy(auditLog.id);
    expect(events.map((e) => e.action)).toEqual(["sso.account_created", "signin.succeeded", "signin.succeeded"]);
    expect(events[0]!.ip).toBe("203.0.113.7");
  });

  it("an existing account is linked only when the provider vouches for the email; no email, no account", async () => {
    const { owner } = await newWorkspace("Has password");
    const { db } = appDatabase();
    const issuer = provider(randomUUID());
    // A provider that checks nothing must not hand over someone's account by its email.
    await expect(ssoSignIn(db, { provider: issuer, subject: "attacker", email: owner.email, emailVerified: false, name: "Mallory" }, null)).rejects.toMatchObject({
      code: "sso.email_unverified",
    });
    await expect(ssoSignIn(db, { provider: issuer, subject: "nobody", email: null, emailVerified: true, name: "No Email" }, null)).rejects.toMatchObject({ code: "sso.no_email" });
    expect(await testDatabase().db.select().from(userIdentities).where(eq(userIdentities.provider, issuer))).toEqual([]);

    // The owner proved their email (through a reset link, here): their password stays.
    await testDatabase().db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, owner.id));
    const linked = await ssoSignIn(db, { provider: issuer, subject: "owner-at-idp", email: owner.email, emailVerified: true, name: "Other Name" }, null);
    expect(linked).toMatchObject({ id: owner.id, name: "Owner Person" });
    expect((await testDatabase().db.select({ p: users.passwordHash }).from(users).where(eq(users.id, owner.id)))[0]!.p).not.toBeNull();
    const [identity] = await testDatabase().db.select().from(userIdentities).where(eq(userIdentities.provider, issuer));
    expect(identity).toMatchObject({ subject: "owner-at-idp", userId: owner.id });
    const [event] = await testDatabase().db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.objectId, owner.id), eq(auditLog.action, "sso.linked")));
    expect(event).toBeDefined();
  });

  it("an account that never proved its email (made by someone who knew it was coming) is taken back: password, second factor and sessions end", async () => {
    // Mallory signs up first with the victim's address and a password of her own.
    const { owner: squatted, workspaceId } = await newWorkspace("Squatted");
    const { db } = testDatabase();
    await db.update(users).set({ totpSecret: "sealed", totpEnabledAt: new Date() }).where(eq(users.id, squatted.id));
    const issuer = provider(randomUUID());
    const linked = await ssoSignIn(appDatabase().db, { provider: issuer, subject: "real-owner", email: squatted.email, emailVerified: true, name: "Real Owner" }, null);
    expect(linked.id).toBe(squatted.id);
    const [after] = await db.select().from(users).where(eq(users.id, squatted.id));
    expect(after).toMatchObject({ passwordHash: null, totpSecret: null, totpEnabledAt: null });
    expect(after!.emailVerifiedAt).toBeInstanceOf(Date);
    expect(after!.sessionsRevokedAt).toBeInstanceOf(Date);
    const [event] = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.objectId, squatted.id), eq(auditLog.action, "sso.linked_unproven_account")));
    expect(event).toBeDefined();
    expect(workspaceId).toBeTruthy();
  });

  it("someone who arrives by single sign-on with no workspace starts one and owns it", async () => {
    const person = await ssoSignIn(appDatabase().db, { provider: provider(randomUUID()), subject: "x", email: uniqueEmail("sso-first"), emailVerified: true, name: "First Timer" }, null);
    const api = callerAs(person);
    expect(await api.auth.me()).toMatchObject({ workspaces: [], deactivatedMemberships: 0 });
    await expect(api.workspace.current()).rejects.toMatchObject({ code: "FORBIDDEN" });
    const { workspaceId } = await api.auth.createWorkspace({ name: "First Timer's" });
    expect(await callerAs(person, workspaceId).workspace.current()).toMatchObject({ name: "First Timer's", role: "owner" });
    await expect(api.auth.createWorkspace({ name: " " })).rejects.toThrow("Workspace name");
  });
});

describe("SAML 2.0 sign-in", () => {
  let idp: SamlProvider;
  let server: Awaited<ReturnType<typeof startApiServer>>;

  beforeAll(async () => {
    idp = await startSamlProvider();
    server = await startApiServer({ saml: { entryPoint: idp.ssoUrl, idpCert: samlIdpCert, idpIssuer: null, name: "Test IdP" } });
  });
  afterAll(async () => {
    await server.close();
    await idp.stop();
  });

  /** The browser asks to sign in: off to the IdP with a request, its id kept in a cookie. */
  async function startLogin(callbackUrl = "/contacts") {
    const res = await fetch(`${server.base}/api/sso/saml/login?callbackUrl=${encodeURIComponent(callbackUrl)}`, { redirect: "manual" });
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get("location")!);
    expect(`${location.origin}${location.pathname}`).toBe(idp.ssoUrl);
    const cookie = res.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly; SameSite=Lax/);
    const requestId = cookie.match(new RegExp(`${SSO_REQUEST_COOKIE}=([^;]+)`))![1]!;
    const request = readAuthnRequest(location);
    expect(request).toMatchObject({ id: requestId, acsUrl: "http://localhost:3000/api/sso/saml/acs", spEntityId: "http://localhost:3000/api/sso/saml/metadata", relayState: callbackUrl });
    return { request, requestId };
  }

  /** The IdP's page posts the answer to our ACS, from the IdP's origin (a cross-site POST). */
  async function post(request: SamlRequest, samlBody: string) {
    const res = await fetch(`${server.base}/api/sso/saml/acs`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: idp.entityId, cookie: "unrelated=1" },
      body: new URLSearchParams({ SAMLResponse: samlBody, RelayState: request.relayState ?? "" }).toString(),
    });
    expect(res.status).toBe(303);
    return new URL(res.headers.get("location")!, "http://localhost:3000");
  }

  it("end to end: request, signed assertion, a one-time ticket for the browser that asked, an account", async () => {
    const { request, requestId } = await startLogin("/contacts");
    const email = uniqueEmail("saml");
    const person = { email, name: "Sasha Saml", subject: `saml-${randomUUID()}` };
    const body = samlResponse(request, person, { issuer: idp.entityId });
    const landing = await post(request, body);
    expect(landing.pathname).toBe("/sign-in/sso");
    expect(landing.searchParams.get("next")).toBe("/contacts");
    const ticket = landing.searchParams.get("ticket")!;

    const { db } = appDatabase();
    // Another browser (someone else's request id, or none) cannot use the ticket: no signing a
    // victim's browser into the attacker's account.
    await expect(redeemTicket(db, ticket, "_someone-else")).rejects.toMatchObject({ code: "sso.ticket_invalid" });
    await expect(redeemTicket(db, ticket, null)).rejects.toMatchObject({ code: "sso.ticket_invalid" });
    const user = await redeemTicket(db, ticket, requestId);
    expect(user).toMatchObject({ email, name: "Sasha Saml" });
    await expect(redeemTicket(db, ticket, requestId)).rejects.toMatchObject({ code: "sso.ticket_invalid" });
    const [identity] = await testDatabase().db.select().from(userIdentities).where(eq(userIdentities.subject, person.subject));
    expect(identity).toMatchObject({ provider: `saml:${idp.entityId}`, userId: user.id });

    // The same response again (captured and replayed) answers no open request.
    expect((await post(request, body)).searchParams.get("sso_error")).toBe("saml.invalid");
  });

  it("refuses a tampered, forged, expired, misaddressed or unsolicited answer, and records each refusal", async () => {
    const victim = await newWorkspace("Victim");
    const before = await testDatabase().db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, "signin.failed"));
    const impostorKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const someone = { email: uniqueEmail("someone"), name: "Some One" };
    const cases: Array<[string, (r: SamlRequest) => string]> = [
      // Signed for one person, then the email changed to the victim's.
      ["tampered", (r) => samlResponse(r, someone, { issuer: idp.entityId, tamper: (xml) => xml.replace(someone.email, victim.owner.email) })],
      ["signed by another key", (r) => samlResponse(r, { email: victim.owner.email, name: "X" }, { issuer: idp.entityId, signingKey: impostorKey })],
      ["expired", (r) => samlResponse(r, someone, { issuer: idp.entityId, validForSeconds: -120 })],
      ["for another service", (r) => samlResponse(r, someone, { issuer: idp.entityId, audience: "https://other.example.test/saml" })],
      ["answering a request never made", (r) => samlResponse({ ...r, id: "_never-asked" }, someone, { issuer: idp.entityId })],
    ];
    for (const [label, make] of cases) {
      const { request } = await startLogin();
      const landing = await post(request, make(request));
      expect({ label, error: landing.searchParams.get("sso_error") }).toEqual({ label, error: "saml.invalid" });
      expect(landing.searchParams.get("ticket")).toBeNull();
    }
    // Nothing was linked to the victim, and no account was made for anyone.
    expect(await testDatabase().db.select().from(userIdentities).where(eq(userIdentities.userId, victim.owner.id))).toEqual([]);
    expect(await testDatabase().db.select().from(users).where(inArray(users.email, [someone.email]))).toEqual([]);
    const after = await testDatabase().db.select({ n: sql<number>`count(*)::int` }).from(auditLog).where(eq(auditLog.action, "signin.failed"));
    expect(after[0]!.n - before[0]!.n).toBe(cases.length);
  });

  it("an answer without an email is refused with a sentence saying why; the metadata describes the service provider", async () => {
    const { request } = await startLogin();
    const landing = await post(request, samlResponse(request, { email: "", name: "No Mail", subject: `anon-${randomUUID()}` }, { issuer: idp.entityId, sendEmail: false }));
    expect(landing.searchParams.get("sso_error")).toBe("sso.no_email");

    const metadata = await fetch(`${server.base}/api/sso/saml/metadata`);
    expect(metadata.headers.get("content-type")).toContain("application/samlmetadata+xml");
    const xml = await metadata.text();
    expect(xml).toContain('entityID="http://localhost:3000/api/sso/saml/metadata"');
    expect(xml).toContain('Location="http://localhost:3000/api/sso/saml/acs"');
  });
});

describe("SAML not configured", () => {
  it("says so instead of failing", async () => {
    const server = await startApiServer();
    try {
      const res = await fetch(`${server.base}/api/sso/saml/login`);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ code: "sso.not_configured" });
    } finally {
      await server.close();
    }
  });
});
