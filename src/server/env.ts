import { z } from "zod";
import { authSecret, databaseUrl, logLevel, optionalUrl, parseEnv, port } from "./env-core";
import { defaultLimitSettings } from "./security/limit-settings";
import { parseNetworks } from "./security/networks";
import { checkSsoEnv, ssoEnvShape } from "./auth/sso-config";
import { KeyringError, parseKeyring } from "./security/keyring";

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: databaseUrl,
  AUTH_SECRET: authSecret,
  PORT: port(3000),
  HOST: z.string().default("0.0.0.0"),
  /** Where people reach the app; next-auth uses it for callbacks. */
  APP_URL: z.url({ message: "It must be a URL like http://localhost:3000." }).default("http://localhost:3000"),
  /** The collab-server's WebSocket URL as browsers reach it. */
  COLLAB_PUBLIC_URL: z.url({ message: "It must be a ws:// or wss:// URL." }).default("ws://localhost:3001"),
  /** The collab-server's HTTP URL as this process reaches it (health). */
  COLLAB_INTERNAL_URL: z.url({ message: "It must be an http:// URL." }).default("http://127.0.0.1:3001"),
  REDIS_URL: optionalUrl,
  LOG_LEVEL: logLevel,
  /** Behind a reverse proxy: take the caller's address from X-Forwarded-For (its last entry). */
  TRUST_PROXY: z.enum(["true", "false"], { message: "Use true or false." }).default("false").transform((v) => v === "true"),
  /** Sign-in attempts allowed per IP address per 15 minutes. */
  RATE_LIMIT_SIGN_IN_PER_IP: positive(defaultLimitSettings.signInPerIp),
  /** Sign-ups allowed per IP address per hour. */
  RATE_LIMIT_SIGN_UP_PER_IP: positive(defaultLimitSettings.signUpPerIp),
  /** API requests allowed per API key per minute. */
  RATE_LIMIT_API_PER_KEY: positive(defaultLimitSettings.apiPerKey),
  /** Web origins whose pages may call the REST API with an API key, comma-separated (none by default). */
  API_CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const origins = (v ?? "").split(",").map((s) => s.trim()).filter(Boolean);
      for (const o of origins) {
        if (!URL.canParse(o) || new URL(o).origin !== o) ctx.addIssue({ code: "custom", message: `“${o}” is not an origin like https://app.example.com.` });
      }
      return origins;
    }),
  /** Administration (members, keys, audit, GDPR, settings) only from these addresses/networks, comma-separated. */
  ADMIN_IP_ALLOWLIST: z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (!v?.trim()) return null;
      try {
        return parseNetworks(v);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** The pause after the third failed sign-in to an account, in seconds; it doubles with each further failure. */
  SIGN_IN_PAUSE_SECONDS: z.coerce.number({ message: "It must be a number of seconds." }).positive({ message: "It must be more than 0." }).max(60).default(1),
  /** Keys sealing sensitive field values: `id:base64key,…`, the current one first (see keyring.ts). */
  ENCRYPTION_KEYS: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        parseKeyring(v, "x".repeat(32));
      } catch (error) {
        if (error instanceof KeyringError) ctx.addIssue({ code: "custom", message: error.message });
        else throw error;
      }
    }),
  ...ssoEnvShape,
}).superRefine(checkSsoEnv);

function positive(fallback: number) {
  return z.coerce.number({ message: "It must be a whole number." }).int({ message: "It must be a whole number." }).min(1, { message: "It must be at least 1." }).default(fallback);
}


export type WebEnv = z.infer<typeof schema>;

let cached: WebEnv | undefined;

/** Read lazily so that `next build` does not need a database URL. */
export function env(): WebEnv {
  if (!cached) {
    cached = parseEnv("The web server", schema);
    // next-auth builds its callback URLs from NEXTAUTH_URL: one setting, APP_URL, drives both.
    process.env.NEXTAUTH_URL ??= cached.APP_URL;
  }
  return cached;
}
