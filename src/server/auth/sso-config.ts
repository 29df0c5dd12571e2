import { z } from "zod";
import { optionalUrl } from "../env-core";

/**
 * Single sign-on, configured by the operator for the whole instance (the providers are trusted
 * with people's emails): one OpenID Connect provider (Google, Microsoft Entra ID, Okta, Keycloak…
 * all speak it) and one SAML 2.0 identity provider. Either, both or none.
 */
export const ssoEnvShape = {
  /** The OIDC issuer URL (its /.well-known/openid-configuration is read at sign-in). */
  OIDC_ISSUER: optionalUrl,
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  /** The button says “Continue with <name>”. */
  OIDC_NAME: z.string().min(1).max(60).default("single sign-on"),
  /**
   * Treat the provider's emails as confirmed even without `email_verified` (Microsoft Entra ID
   * sends none). Only for a provider that controls its users' addresses.
   */
  OIDC_TRUST_EMAIL: z.enum(["true", "false"], { message: "Use true or false." }).default("false").transform((v) => v === "true"),
  /** The SAML IdP's single sign-on URL (HTTP-Redirect binding). */
  SAML_ENTRY_POINT: optionalUrl,
  /** The IdP's signing certificate: PEM, or its base64 body. */
  SAML_IDP_CERT: z.string().optional(),
  /** The IdP's entity id; when set, responses from any other issuer are refused. */
  SAML_IDP_ISSUER: z.string().optional(),
  SAML_NAME: z.string().min(1).max(60).default("SAML single sign-on"),
};

type SsoEnv = z.infer<z.ZodObject<typeof ssoEnvShape>>;

export function checkSsoEnv(e: SsoEnv, ctx: z.RefinementCtx) {
  if (e.OIDC_ISSUER && !(e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET)) {
    ctx.addIssue({ code: "custom", path: [e.OIDC_CLIENT_ID ? "OIDC_CLIENT_SECRET" : "OIDC_CLIENT_ID"], message: "With OIDC_ISSUER set, set the client id and secret the provider gave you too." });
  }
  if (e.SAML_ENTRY_POINT && !e.SAML_IDP_CERT?.trim()) {
    ctx.addIssue({ code: "custom", path: ["SAML_IDP_CERT"], message: "With SAML_ENTRY_POINT set, set the identity provider's signing certificate too." });
  }
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  name: string;
  trustEmail: boolean;
}

export interface SamlSettings {
  entryPoint: string;
  idpCert: string;
  idpIssuer: string | null;
  name: string;
}

export function oidcSettings(e: SsoEnv): OidcSettings | null {
  if (!e.OIDC_ISSUER || !e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) return null;
  return { issuer: e.OIDC_ISSUER.replace(/\/$/, ""), clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, name: e.OIDC_NAME, trustEmail: e.OIDC_TRUST_EMAIL };
}

export function samlSettings(e: SsoEnv): SamlSettings | null {
  if (!e.SAML_ENTRY_POINT || !e.SAML_IDP_CERT) return null;
  return { entryPoint: e.SAML_ENTRY_POINT, idpCert: e.SAML_IDP_CERT.trim(), idpIssuer: e.SAML_IDP_ISSUER ?? null, name: e.SAML_NAME };
}

/** The OIDC provider's key in user_identities. */
export const oidcProviderKey = (s: OidcSettings) => `oidc:${s.issuer}`;

/** What the sign-in page offers. */
export interface SsoChoices {
  oidc: string | null;
  saml: string | null;
}
export const ssoChoices = (e: SsoEnv): SsoChoices => ({ oidc: oidcSettings(e)?.name ?? null, saml: samlSettings(e)?.name ?? null });
