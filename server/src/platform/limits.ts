// Abuse limits for the authentication endpoints: fixed-window counters per IP, per account and per
// user (rate-limiter-flexible), in memory or in Redis when REDIS_URL is set so that every process
// shares them. Plus the throttle schedule for repeated failed sign-ins.
import { Redis } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { RateLimitedError } from "./errors.ts";

/** Each bucket: `points` actions per `duration` seconds for one key. */
export const BUCKETS = {
  loginIp: { points: 60, duration: 15 * 60 },
  loginAccount: { points: 20, duration: 15 * 60 },
  registerIp: { points: 10, duration: 60 * 60 },
  resetIp: { points: 10, duration: 15 * 60 },
  resetAccount: { points: 3, duration: 60 * 60 },
  tokenIp: { points: 30, duration: 15 * 60 },
  mfaUser: { points: 10, duration: 15 * 60 },
  mfaIp: { points: 30, duration: 15 * 60 },
  phoneUser: { points: 5, duration: 60 * 60 },
  emailUser: { points: 5, duration: 60 * 60 },
} as const;
export type Bucket = keyof typeof BUCKETS;

/** Failures before an account is throttled, and the throttle schedule (exponential, capped). */
export const THROTTLE_AFTER = 5;
export const THROTTLE_BASE_SECONDS = 30;
export const THROTTLE_MAX_SECONDS = 15 * 60;

/**
 * Seconds an account stays throttled after its `failures`-th consecutive failure:
 * 0 below THROTTLE_AFTER, then 30 s · 2^(failures − 5), capped at 15 minutes, so a stranger can
 * slow an account down but never lock it for good.
 */
export function throttleSeconds(failures: number): number {
  if (failures < THROTTLE_AFTER) return 0;
  return Math.min(THROTTLE_MAX_SECONDS, THROTTLE_BASE_SECONDS * 2 ** Math.min(20, failures - THROTTLE_AFTER));
}

export interface Limits {
  readonly enabled: boolean;
  readonly store: "memory" | "redis";
  /** Spends `points` from `bucket` for `key`; throws RateLimitedError (429 + Retry-After) when exhausted. */
  consume(bucket: Bucket, key: string, points?: number): Promise<void>;
  /** Forgets a key's count (e.g. the account's after a successful sign-in). */
  reset(bucket: Bucket, key: string): Promise<void>;
  /**
   * Failed-sign-in bookkeeping for login names that match no account, so that they are throttled
   * exactly as real accounts are and a 429 never tells which accounts exist. Returns the failure count.
   */
  shadowFailure(login: string): Promise<number>;
  /** Remaining throttle in seconds for an unknown login name (0 when free). */
  shadowThrottle(login: string): Promise<number>;
  close(): Promise<void>;
}

export interface LimitsOptions {
  enabled: boolean;
  redisUrl?: string;
  /** Key namespace (tests use a random one against a shared Redis). */
  prefix?: string;
}

/** Builds the limiters; with `redisUrl`, Redis-backed with an in-memory fallback if Redis fails. */
export function createLimits(opts: LimitsOptions): Limits {
  const prefix = opts.prefix ?? "bullpen:rl";
  const redis = opts.redisUrl
    ? new Redis(opts.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000 })
    : null;
  redis?.on("error", () => {}); // the insurance limiter takes over; ioredis reconnects by itself
  const make = (name: string, points: number, duration: number): RateLimiterAbstract => {
    const keyPrefix = `${prefix}:${name}`;
    if (!redis) return new RateLimiterMemory({ keyPrefix, points, duration });
    return new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points,
      duration,
      insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
    });
  };
  const limiters = new Map<Bucket, RateLimiterAbstract>();
  for (const [name, b] of Object.entries(BUCKETS))
    limiters.set(name as Bucket, make(name, b.points, b.duration));
  // Failure counter for unknown logins (a day's window) and their throttle.
  const shadowCount = make("shadowFail", 1_000_000, 24 * 3600);
  const shadowBlock = make("shadowBlock", 1, THROTTLE_MAX_SECONDS);

  return {
    enabled: opts.enabled,
    store: redis ? "redis" : "memory",
    async consume(bucket, key, points = 1) {
      if (!opts.enabled) return;
      try {
        await (limiters.get(bucket) as RateLimiterAbstract).consume(key, points);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new RateLimitedError(err.msBeforeNext / 1000);
        throw err;
      }
    },
    async reset(bucket, key) {
      if (!opts.enabled) return;
      await (limiters.get(bucket) as RateLimiterAbstract).delete(key);
    },
    async shadowFailure(login) {
      const key = login.toLowerCase();
      const res = await shadowCount.penalty(key, 1);
      const seconds = throttleSeconds(res.consumedPoints);
      if (seconds > 0) await shadowBlock.block(key, seconds);
      return res.consumedPoints;
    },
    async shadowThrottle(login) {
      const res = await shadowBlock.get(login.toLowerCase());
      return res && res.consumedPoints > 1 ? Math.ceil(res.msBeforeNext / 1000) : 0;
    },
    async close() {
      if (redis) redis.disconnect();
    },
  };
}
