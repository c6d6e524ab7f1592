// Identity's abuse limits on the platform's generic limiters: the buckets of the authentication
// endpoints, and the throttle schedule for repeated failed sign-ins.
import type { Bucket, Limits } from "../../platform/limits.ts";

const bucket = (name: string, points: number, duration: number): Bucket => ({ name, points, duration });

/** Each bucket: `points` actions per `duration` seconds for one key (an IP, a login name, a user id). */
export const BUCKETS = {
  loginIp: bucket("loginIp", 60, 15 * 60),
  loginAccount: bucket("loginAccount", 20, 15 * 60),
  registerIp: bucket("registerIp", 10, 60 * 60),
  resetIp: bucket("resetIp", 10, 15 * 60),
  resetAccount: bucket("resetAccount", 3, 60 * 60),
  tokenIp: bucket("tokenIp", 30, 15 * 60),
  mfaUser: bucket("mfaUser", 10, 15 * 60),
  mfaIp: bucket("mfaIp", 30, 15 * 60),
  phoneUser: bucket("phoneUser", 5, 60 * 60),
  emailUser: bucket("emailUser", 5, 60 * 60),
} as const;

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

// Login names that match no account are throttled exactly as real accounts are (whose counters live
// in identity.users), so that a 429 never tells which accounts exist: their failures are counted
// for a day in the limiter store, and the throttle is a block there. The names keep the keys the
// limiter used before it became generic.
const unknownFailures = bucket("shadowFail", 1_000_000, 24 * 3600);
const unknownThrottle = bucket("shadowBlock", 1, THROTTLE_MAX_SECONDS);

/** Counts a failed sign-in for a login name that matches no account; answers the failure count. */
export async function unknownLoginFailed(limits: Limits, login: string): Promise<number> {
  const key = login.toLowerCase();
  const failures = await limits.count(unknownFailures, key);
  const seconds = throttleSeconds(failures);
  if (seconds > 0) await limits.block(unknownThrottle, key, seconds);
  return failures;
}

/** Remaining throttle in seconds for a login name that matches no account (0 when free). */
export const unknownLoginThrottle = (limits: Limits, login: string): Promise<number> =>
  limits.blockedFor(unknownThrottle, login.toLowerCase());
