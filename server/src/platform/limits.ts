// Abuse limits: fixed-window counters per key (rate-limiter-flexible), in memory or in Redis when
// REDIS_URL is set so that every process shares them. Generic: each caller names its own buckets
// (identity's sign-in limits live in modules/identity/limits.ts); a limiter is made per bucket name
// on first use.
import { createRequire } from "node:module";
import type { Redis as RedisClient } from "ioredis";
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from "rate-limiter-flexible";
import { RateLimitedError } from "./errors.ts";

/**
 * A fixed-window counter: at most `points` per `duration` seconds for one key. `name` is its key
 * namespace (in Redis `<prefix>:<name>:<key>`), so one name must always mean the same bucket.
 */
export interface Bucket {
  readonly name: string;
  readonly points: number;
  readonly duration: number;
}

export interface Limits {
  /** False when RATE_LIMIT_ENABLED=false: `consume` and `reset` then do nothing. */
  readonly enabled: boolean;
  readonly store: "memory" | "redis";
  /** Spends `points` from `bucket` for `key`; throws RateLimitedError (429 + Retry-After) when exhausted. */
  consume(bucket: Bucket, key: string, points?: number): Promise<void>;
  /** Forgets a key's count (e.g. the account's after a successful sign-in). */
  reset(bucket: Bucket, key: string): Promise<void>;
  /**
   * Adds `points` to a key's count and answers the count within the window; never refuses. For
   * bookkeeping that must hold whatever RATE_LIMIT_ENABLED says (failure counters).
   */
  count(bucket: Bucket, key: string, points?: number): Promise<number>;
  /** Blocks a key of `bucket` for `seconds` from now. */
  block(bucket: Bucket, key: string, seconds: number): Promise<void>;
  /** Seconds a key of `bucket` stays blocked by `block` or by an exhausted count (0 when free). */
  blockedFor(bucket: Bucket, key: string): Promise<number>;
  close(): Promise<void>;
}

export interface LimitsOptions {
  enabled: boolean;
  redisUrl?: string;
  /** Key namespace (tests use a random one against a shared Redis). */
  prefix?: string;
}

// ioredis (45 files) loads only when REDIS_URL asks for it; every CLI command builds the limits.
const requireHere = createRequire(import.meta.url);
function connectRedis(url: string): RedisClient {
  const { Redis } = requireHere("ioredis") as typeof import("ioredis");
  return new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: 2000 });
}

/** Builds the limiters; with `redisUrl`, Redis-backed with an in-memory fallback if Redis fails. */
export function createLimits(opts: LimitsOptions): Limits {
  const prefix = opts.prefix ?? "bullpen:rl";
  const redis = opts.redisUrl ? connectRedis(opts.redisUrl) : null;
  redis?.on("error", () => {}); // the insurance limiter takes over; ioredis reconnects by itself
  const limiters = new Map<string, { bucket: Bucket; limiter: RateLimiterAbstract }>();
  const limiterOf = (b: Bucket): RateLimiterAbstract => {
    const known = limiters.get(b.name);
    if (known) {
      if (known.bucket.points !== b.points || known.bucket.duration !== b.duration)
        throw new Error(`rate-limit bucket "${b.name}" is declared twice with different limits`);
      return known.limiter;
    }
    const keyPrefix = `${prefix}:${b.name}`;
    const { points, duration } = b;
    const limiter = redis
      ? new RateLimiterRedis({
          storeClient: redis,
          keyPrefix,
          points,
          duration,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration }),
        })
      : new RateLimiterMemory({ keyPrefix, points, duration });
    limiters.set(b.name, { bucket: b, limiter });
    return limiter;
  };

  return {
    enabled: opts.enabled,
    store: redis ? "redis" : "memory",
    async consume(bucket, key, points = 1) {
      if (!opts.enabled) return;
      try {
        await limiterOf(bucket).consume(key, points);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw new RateLimitedError(err.msBeforeNext / 1000);
        throw err;
      }
    },
    async reset(bucket, key) {
      if (!opts.enabled) return;
      await limiterOf(bucket).delete(key);
    },
    async count(bucket, key, points = 1) {
      return (await limiterOf(bucket).penalty(key, points)).consumedPoints;
    },
    async block(bucket, key, seconds) {
      await limiterOf(bucket).block(key, seconds);
    },
    async blockedFor(bucket, key) {
      const res = await limiterOf(bucket).get(key);
      return res && res.consumedPoints > bucket.points ? Math.ceil(res.msBeforeNext / 1000) : 0;
    },
    async close() {
      if (redis) redis.disconnect();
    },
  };
}
