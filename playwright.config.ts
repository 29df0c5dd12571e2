import { existsSync } from "node:fs";
import { generateKeyPairSync } from "node:crypto";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
// The identity providers the app trusts for single sign-on in these tests (e2e/identity-providers.ts).
const oidcPort = port + 5;
// The SAML IdP's signing key, made for this run (nothing secret is committed): the IdP signs with
// it, the app is given its public key.
const samlKey = generateKeyPairSync("rsa", { modulusLength: 2048 });
const samlPort = port + 6;
const chromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

/**
 * Browser tests against the production build, started the way `npm start` does (embedded
 * PostgreSQL in a fresh data folder, the three processes under the launcher).
 */
export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: `http://localhost:${port}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    {
      command: `tsx e2e/identity-providers.ts ${oidcPort} ${samlPort}`,
      port: samlPort,
      env: { TEST_SAML_IDP_KEY: samlKey.privateKey.export({ type: "pkcs8", format: "pem" }).toString() },
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
    },
    {
      command: "rm -rf .data/e2e && tsx scripts/start.ts",
      url: `http://127.0.0.1:${port}/api/core/health/`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: process.env.E2E_SERVER_LOGS ? "pipe" : "ignore",
      stderr: "pipe",
      gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
      env: {
        PORT: String(port),
        COLLAB_PORT: String(port + 1),
        WORKER_PORT: String(port + 2),
        EMBEDDED_PG_PORT: String(Number(process.env.E2E_PG_PORT ?? 54349)),
        MYCRM_DATA_DIR: ".data/e2e",
        DATABASE_URL: "",
        LOG_LEVEL: "warn",
        // The browser tests sign in a hundred times from one address within minutes, and one of
        // them fails ten sign-ins in a row: a generous per-IP budget, short pauses between failures.
        RATE_LIMIT_SIGN_IN_PER_IP: "5000",
        RATE_LIMIT_SIGN_UP_PER_IP: "500",
        SIGN_IN_PAUSE_SECONDS: "0.05",
        OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        OIDC_CLIENT_ID: "mycrm-test",
        OIDC_CLIENT_SECRET: "mycrm-test-secret",
        OIDC_NAME: "Test OIDC",
        SAML_ENTRY_POINT: `http://127.0.0.1:${samlPort}/sso`,
        SAML_IDP_CERT: samlKey.publicKey.export({ type: "spki", format: "pem" }).toString(),
        SAML_NAME: "Test SAML",
      },
    },
  ],
});
