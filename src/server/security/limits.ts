import IORedis from "ioredis";
import postgres from "postgres";
import { failFast } from "@/server/db/client";
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/**
 * Rate limits and sign-in lockouts, counted where every web process sees the same numbers: in
 * Redis when `REDIS_URL` is set (with an in-memory fallback per process while Redis is away), in
 * PostgreSQL otherwise (`rate_limits`). Counting is atomic in both (one INCR / one upsert per
 * attempt), so a limit of N lets exactly N through however many arrive at once.
 *
 * Library: rate-limiter-flexible — maintained, the same API over Redis, PostgreSQL and memory,
 * with blocking and an insurance limiter built in.
 */
export { defaultLimitSettings, type LimitSettings } from "./limit-settings";
export { CLIENT_IP_HEADER, clientIp } from "./client-ip";
import { defaultLimitSettings, type LimitSettings } from "./limit-settings";

/** Per account: the first failures are free; then each attempt waits 1, 2, 4… seconds. */
export const FREE_FAILURES = 3;
/** Consecutive failures within an hour that lock the account (NIST 800-63B allows up to 100). */
export const LOCK_AFTER = 10;
export const LOCK_SECONDS = 15 * 60;


/**
 * The connections the counts go through when they are kept in PostgreSQL: postgres.js, as the
 * rest of the process talks to it (one write per count on a prepared statement; node-postgres
 * sent each count as four), meeting an absent database as the main pool does.
 */
export function limitsConnection(url: string, max = 3): postgres.Sql {
  return postgres(url, { max, onnotice: () => {}, ...failFast });
}

/** What rate-limiter-flexible asks of a node-postgres pool (`query` with text and values), over postgres.js. */
function asPool(sql: postgres.Sql) {
  return {
    query: async (q: { text: string; values?: unknown[] }) => {
      const rows = await sql.unsafe(q.text, (q.values ?? []) as never[], { prepare: true });
      return { rows, rowCount: rows.count };
    },
  };
}

export type Verdict = { ok: true; remaining: number } | { ok: false; retryAfterMs: number };

export class Limits {
  readonly signInIp: RateLimiterAbstract;
  readonly signUpIp: RateLimiterAbstract;
  readonly apiKey: RateLimiterAbstract;
  /** Consecutive failed sign-ins per account (any email typed: it tells nothing about which exist). */
  readonly failures: RateLimiterAbstract;
  /** The growing pause after a failed sign-in, per account. */
  readonly pause: RateLimiterAbstract;
  /** Password reset requests per IP address (the sign-up budget: both make emails go out). */
  readonly resetIp: RateLimiterAbstract;


  /** The first pause after the free failures, in seconds; each next one doubles. */
  readonly pauseBase: number;

  constructor(
    private readonly store: { redis: IORedis } | { sql: postgres.Sql },
    settings: LimitSettings = defaultLimitSettings,
    opts: { pauseBaseSeconds?: number } = {},
  ) {
    this.pauseBase = opts.pauseBaseSeconds ?? 1;
    this.signInIp = this.make("signin_ip", settings.signInPerIp, 15 * 60);
    this.signUpIp = this.make("signup_ip", settings.signUpPerIp, 60 * 60);
    this.apiKey = this.make("api_key", settings.apiPerKey, 60);
    this.failures = this.make("signin_fail", LOCK_AFTER, 60 * 60, LOCK_SECONDS);
    this.pause = this.make("signin_pause", 1, 1);
    this.resetIp = this.make("reset_ip", settings.signUpPerIp, 60 * 60);

  }

  get backend(): "redis" | "postgres" {
    return "redis" in this.store ? "redis" : "postgres";
  }

  private make(keyPrefix: string, points: number, duration: number, blockDuration = 0): RateLimiterAbstract {
    const opts = { keyPrefix, points, duration, blockDuration };
    if ("redis" in this.store) {
      // While Redis is away, each process counts on its own rather than letting everything through.
      return new RateLimiterRedis({ ...opts, storeClient: this.store.redis, insuranceLimiter: new RateLimiterMemory(opts) });
    }
    return new RateLimiterPostgres({ ...opts, storeClient: asPool(this.store.sql), storeType: "pool", tableName: "rate_limits", tableCreated: true });
  }

  /** Counts one attempt against a limit. */
  async take(limiter: RateLimiterAbstract, key: string): Promise<Verdict> {
    try {
      const res = await limiter.consume(key);
      return { ok: true, remaining: res.remainingPoints };
    } catch (error) {
      if (error instanceof RateLimiterRes) return { ok: false, retryAfterMs: error.msBeforeNext };
      throw error;
    }
  }

  async close() {
    if ("redis" in this.store) this.store.redis.disconnect();
    else await this.store.sql.end({ timeout: 5 });
  }
}

/** The limits of a process that talks to this database (and Redis when configured). */
export function createLimits(opts: { databaseUrl: string; redisUrl?: string; settings?: LimitSettings; pauseBaseSeconds?: number }): Limits {
  if (opts.redisUrl) {
    // No offline queue: with Redis away, a count fails at once and the in-memory fallback answers.
    const redis = new IORedis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on("error", () => {}); // reconnects by itself; the fallback covers the gap
    return new Limits({ redis }, opts.settings, opts);
  }
  return new Limits({ sql: limitsConnection(opts.databaseUrl) }, opts.settings, opts);
}

const globalForLimits = globalThis as unknown as { __mycrmLimits?: Limits };

/** One set of limits per process, shared by the API handler and next-auth. */
export function getLimits(opts: Parameters<typeof createLimits>[0]): Limits {
  globalForLimits.__mycrmLimits ??= createLimits(opts);
  return globalForLimits.__mycrmLimits;
}

/** The limits the web process enforces, from its settings (one set per process). */
export function limitsOf(e: {
  DATABASE_URL: string;
  REDIS_URL?: string;
  RATE_LIMIT_SIGN_IN_PER_IP: number;
  RATE_LIMIT_SIGN_UP_PER_IP: number;
  RATE_LIMIT_API_PER_KEY: number;
  SIGN_IN_PAUSE_SECONDS: number;
}) {
  return getLimits({
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    pauseBaseSeconds: e.SIGN_IN_PAUSE_SECONDS,
    settings: { signInPerIp: e.RATE_LIMIT_SIGN_IN_PER_IP, signUpPerIp: e.RATE_LIMIT_SIGN_UP_PER_IP, apiPerKey: e.RATE_LIMIT_API_PER_KEY },
  });
}

/** "2 minutes", "45 seconds": how long to wait, for people. */
export function waitFor(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 90) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
