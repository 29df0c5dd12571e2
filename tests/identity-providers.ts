/**
 * Identity providers for tests, speaking the real protocols on loopback:
 *
 * - OpenID Connect: oauth2-mock-server's issuer (discovery, JWKS, authorization code with PKCE
 *   and nonce, signed ID tokens), behind a small sign-in page where the person types who they are;
 * - SAML 2.0: an IdP that reads the AuthnRequest (HTTP-Redirect binding), asks who you are, and
 *   answers with a signed assertion by HTTP-POST to the service provider's ACS.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from "node:crypto";
import { inflateRawSync } from "node:zlib";
import type { AddressInfo } from "node:net";
import { OAuth2Issuer, OAuth2Service } from "oauth2-mock-server";
import { SignedXml } from "xml-crypto";

export interface Person {
  email: string;
  name: string;
  /** OIDC: the provider vouches for the email (default true). */
  emailVerified?: boolean;
  /** The provider's id of the person (default: derived from the email). */
  subject?: string;
}

/**
 * The test IdP's signing key, made when the tests start (never committed): the service provider is
 * given its public key as the "certificate" (node-saml takes any PEM). A process started apart
 * from the test run (the browser tests' IdP) gets the same key through TEST_SAML_IDP_KEY.
 */
export function samlIdpKeyPair(privateKeyPem = process.env.TEST_SAML_IDP_KEY) {
  const privateKey = privateKeyPem ? createPrivateKey(privateKeyPem) : generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  return {
    privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKey: createPublicKey(privateKey).export({ type: "spki", format: "pem" }).toString(),
  };
}
const samlIdp = samlIdpKeyPair();
export const samlIdpCert = samlIdp.publicKey;
const samlIdpKey = samlIdp.privateKey;

const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);
const escapeHtml = escapeXml;

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

async function formBody(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function page(res: ServerResponse, title: string, body: string) {
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(`<!doctype html><html><head><title>${escapeHtml(title)}</title></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

const whoFields = `<p><label>Email <input name="email" type="email" required></label></p>
<p><label>Name <input name="name" required></label></p>`;

// OpenID Connect --------------------------------------------------------------------------------

export interface OidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in next without the page (integration tests). */
  nextPerson: Person | null;
  stop(): Promise<void>;
}

export async function startOidcProvider(port = 0): Promise<OidcProvider> {
  const issuer = new OAuth2Issuer();
  await issuer.keys.generate("RS256");
  const service = new OAuth2Service(issuer);
  const byCode = new Map<string, Person>();
  const pending = new Map<string, Person>();

  const provider: OidcProvider = { issuer: "", clientId: "mycrm-test", clientSecret: "mycrm-test-secret", nextPerson: null, stop: async () => {} };

  // Browsers meet our sign-in page first; it then goes on to the real authorization endpoint.
  service.on("beforeWellKnownOpenIdConfiguration", (config: { body: Record<string, unknown> }) => {
    config.body.authorization_endpoint = `${provider.issuer}/login`;
  });
  service.on("beforeAuthorizeRedirect", (redirect: { url: URL }, req: IncomingMessage & { query?: Record<string, unknown> }) => {
    const code = redirect.url.searchParams.get("code");
    const ticket = typeof req.query?.person === "string" ? req.query.person : null;
    const person = (ticket && pending.get(ticket)) || provider.nextPerson;
    if (ticket) pending.delete(ticket);
    if (code && person) byCode.set(code, person);
  });
  service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }, req: IncomingMessage & { body?: Record<string, unknown> }) => {
    const code = typeof req.body?.code === "string" ? req.body.code : null;
    const person = code ? byCode.get(code) : undefined;
    if (!person) return;
    Object.assign(token.payload, {
      sub: person.subject ?? `oidc-${person.email}`,
      email: person.email,
      email_verified: person.emailVerified ?? true,
      name: person.name,
    });
  });

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", provider.issuer || "http://127.0.0.1");
    if (url.pathname === "/login" && req.method === "GET") {
      const hidden = [...url.searchParams].map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`).join("");
      page(res, "Test identity provider", `<form method="post" action="/login">${hidden}${whoFields}<button>Sign in</button></form>`);
      return;
    }
    if (url.pathname === "/login" && req.method === "POST") {
      void formBody(req).then((form) => {
        const ticket = randomBytes(8).toString("hex");
        pending.set(ticket, { email: form.get("email") ?? "", name: form.get("name") ?? "" });
        const next = new URL(`${provider.issuer}/authorize`);
        for (const [k, v] of form) if (k !== "email" && k !== "name") next.searchParams.set(k, v);
        next.searchParams.set("person", ticket);
        res.writeHead(302, { location: next.href }).end();
      });
      return;
    }
    void service.requestHandler(req, res);
  });
  const bound = await listen(server, port);
  provider.issuer = `http://127.0.0.1:${bound}`;
  issuer.url = provider.issuer;
  provider.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}

// SAML 2.0 ----------------------------------------------------------------------------------------

export interface SamlRequest {
  id: string;
  acsUrl: string;
  spEntityId: string;
  relayState: string | null;
}

/** Reads an AuthnRequest sent by HTTP-Redirect binding (deflated, base64, in the query). */
export function readAuthnRequest(url: URL): SamlRequest {
  const xml = inflateRawSync(Buffer.from(url.searchParams.get("SAMLRequest") ?? "", "base64")).toString("utf8");
  const attr = (name: string) => xml.match(new RegExp(`${name}="([^"]+)"`))?.[1] ?? "";
  return {
    id: attr("ID"),
    acsUrl: attr("AssertionConsumerServiceURL"),
    spEntityId: xml.match(/<(?:saml:)?Issuer[^>]*>([^<]+)</)?.[1] ?? "",
    relayState: url.searchParams.get("RelayState"),
  };
}

export interface AssertionOptions {
  issuer: string;
  /** Seconds from now the assertion stops being valid (negative: already expired). */
  validForSeconds?: number;
  audience?: string;
  /** Sign with this key instead of the IdP's (an impostor). */
  signingKey?: string;
  /** Change the signed XML afterwards (tampering). */
  tamper?: (xml: string) => string;
  sendEmail?: boolean;
}

/** A signed SAML Response for a request, base64 as the HTTP-POST binding carries it. */
export function samlResponse(request: SamlRequest, person: Person, options: AssertionOptions): string {
  const now = new Date();
  const at = (seconds: number) => new Date(now.getTime() + seconds * 1000).toISOString();
  const validFor = options.validForSeconds ?? 300;
  const id = () => `_${randomBytes(16).toString("hex")}`;
  const nameId = person.subject ?? person.email;
  const attributes =
    options.sendEmail === false
      ? ""
      : `<saml:AttributeStatement><saml:Attribute Name="email"><saml:AttributeValue>${escapeXml(person.email)}</saml:AttributeValue></saml:Attribute><saml:Attribute Name="displayName"><saml:AttributeValue>${escapeXml(person.name)}</saml:AttributeValue></saml:Attribute></saml:AttributeStatement>`;
  const assertion =
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${now.toISOString()}">` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:persistent">${escapeXml(nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${request.id}" NotOnOrAfter="${at(validFor)}" Recipient="${escapeXml(request.acsUrl)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${at(Math.min(-60, validFor - 600))}" NotOnOrAfter="${at(validFor)}"><saml:AudienceRestriction><saml:Audience>${escapeXml(options.audience ?? request.spEntityId)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${now.toISOString()}" SessionIndex="${id()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    attributes +
    `</saml:Assertion>`;
  const response =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id()}" Version="2.0" IssueInstant="${now.toISOString()}" Destination="${escapeXml(request.acsUrl)}" InResponseTo="${request.id}">` +
    `<saml:Issuer>${escapeXml(options.issuer)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`;
  const signer = new SignedXml({
    privateKey: options.signingKey ?? samlIdpKey,
    signatureAlgorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
    canonicalizationAlgorithm: "http://www.w3.org/2001/10/xml-exc-c14n#",
  });
  signer.addReference({
    xpath: "//*[local-name(.)='Assertion']",
    digestAlgorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
    transforms: ["http://www.w3.org/2000/09/xmldsig#enveloped-signature", "http://www.w3.org/2001/10/xml-exc-c14n#"],
  });
  signer.computeSignature(response, { location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: "after" } });
  const signed = options.tamper ? options.tamper(signer.getSignedXml()) : signer.getSignedXml();
  return Buffer.from(signed, "utf8").toString("base64");
}

export interface SamlProvider {
  entityId: string;
  ssoUrl: string;
  cert: string;
  stop(): Promise<void>;
}

/** A SAML IdP with a sign-in page: the person types who they are, the browser posts the assertion. */
export async function startSamlProvider(port = 0): Promise<SamlProvider> {
  const provider: SamlProvider = { entityId: "", ssoUrl: "", cert: samlIdpCert, stop: async () => {} };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", provider.entityId || "http://127.0.0.1");
    if (url.pathname === "/sso" && req.method === "GET") {
      const hidden = ["SAMLRequest", "RelayState"]
        .map((k) => url.searchParams.get(k))
        .map((v, i) => (v === null ? "" : `<input type="hidden" name="${i ? "RelayState" : "SAMLRequest"}" value="${escapeHtml(v)}">`))
        .join("");
      page(res, "Test SAML identity provider", `<form method="post" action="/sso">${hidden}${whoFields}<button>Continue</button></form>`);
      return;
    }
    if (url.pathname === "/sso" && req.method === "POST") {
      void formBody(req).then((form) => {
        const back = new URL("/sso", provider.entityId);
        back.searchParams.set("SAMLRequest", form.get("SAMLRequest") ?? "");
        if (form.get("RelayState")) back.searchParams.set("RelayState", form.get("RelayState")!);
        const request = readAuthnRequest(back);
        const person = { email: form.get("email") ?? "", name: form.get("name") ?? "" };
        const body = samlResponse(request, person, { issuer: provider.entityId });
        const relay = request.relayState === null ? "" : `<input type="hidden" name="RelayState" value="${escapeHtml(request.relayState)}">`;
        // The HTTP-POST binding: the browser carries the response to the service provider.
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(
          `<!doctype html><html><body><form id="f" method="post" action="${escapeHtml(request.acsUrl)}"><input type="hidden" name="SAMLResponse" value="${body}">${relay}<noscript><button>Continue</button></noscript></form><script>document.getElementById("f").submit()</script></body></html>`,
        );
      });
      return;
    }
    res.writeHead(404).end();
  });
  const bound = await listen(server, port);
  provider.entityId = `http://127.0.0.1:${bound}`;
  provider.ssoUrl = `${provider.entityId}/sso`;
  provider.stop = () => new Promise((resolve) => server.close(() => resolve()));
  return provider;
}
