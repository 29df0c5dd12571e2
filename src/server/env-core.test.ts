import { describe, expect, it } from "vitest";
import { z } from "zod";
import { authSecret, databaseUrl, EnvError, parseEnv, port } from "./env-core";

const schema = z.object({ DATABASE_URL: databaseUrl, AUTH_SECRET: authSecret, PORT: port(3000) });

function message(env: Record<string, string>) {
  try {
    parseEnv("The web server", schema, env);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as Error).message;
  }
  return null;
}

describe("environment validation", () => {
  const secret = "x".repeat(32);

  it("names the missing variable in one sentence", () => {
    expect(message({ AUTH_SECRET: secret })).toBe(
      "The web server cannot start: DATABASE_URL is not set. Set it to a PostgreSQL URL like postgres://user:pass@host:5432/db.",
    );
  });

  it("says what is wrong with a bad value", () => {
    expect(message({ DATABASE_URL: "mysql://x", AUTH_SECRET: secret })).toMatch(/^The web server cannot start: DATABASE_URL is invalid: It must be a PostgreSQL URL/);
    expect(message({ DATABASE_URL: "postgres://h/db", AUTH_SECRET: "short" })).toMatch(/AUTH_SECRET is invalid: It must be at least 32 characters/);
    expect(message({ DATABASE_URL: "postgres://h/db", AUTH_SECRET: secret, PORT: "http" })).toMatch(/^The web server cannot start: PORT is invalid/);
  });

  it("accepts a good environment and applies defaults", () => {
    expect(parseEnv("x", schema, { DATABASE_URL: "postgresql://h/db", AUTH_SECRET: secret })).toEqual({
      DATABASE_URL: "postgresql://h/db",
      AUTH_SECRET: secret,
      PORT: 3000,
    });
  });
});
