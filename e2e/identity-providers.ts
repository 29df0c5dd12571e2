/**
 * The browser tests' identity providers (OpenID Connect and SAML 2.0) on fixed loopback ports,
 * started by Playwright beside the app (see playwright.config.ts).
 */
import { startOidcProvider, startSamlProvider } from "../tests/identity-providers";

const oidcPort = Number(process.argv[2]);
const samlPort = Number(process.argv[3]);
const oidc = await startOidcProvider(oidcPort);
const saml = await startSamlProvider(samlPort);
process.stdout.write(`OIDC provider at ${oidc.issuer}, SAML IdP at ${saml.ssoUrl}\n`);
const stop = () => void Promise.all([oidc.stop(), saml.stop()]).then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
