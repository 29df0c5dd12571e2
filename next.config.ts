import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Native and server-only packages stay out of the bundle.
  serverExternalPackages: ["@node-rs/argon2", "postgres", "pino", "prom-client", "graphile-worker", "pg", "ioredis", "rate-limiter-flexible"],
  // Security headers: src/server/http/security-headers.ts (the web server sets them on every
  // response; src/proxy.ts adds each page's Content-Security-Policy).
};

export default config;
