// Identity's abuse limits on the platform's generic limiters: the buckets of the authentication
// endpoints, and the schedule for repeated failed sign-ins.
import type { Bucket } from "../../platform/limits.ts";

const bucket = (name: string, points: number, duration: number): Bucket => ({ name, points, duration });

/** Each bucket: `points` actions per `duration` seconds for one key (an IP, a login name, a user id). */
export const BUCKETS = {
  /** Sign-in attempts from one address across every name (a password spray); known devices skip it. */
  loginIp: bucket("loginIp", 60, 15 * 60),
  registerIp: bucket("registerIp", 10, 60 * 60),
  resetIp: bucket("resetIp", 10, 15 * 60),
  resetAccount: bucket("resetAccount", 3, 60 * 60),
  tokenIp: bucket("tokenIp", 30, 15 * 60),
  mfaUser: bucket("mfaUser", 10, 15 * 60),
  mfaIp: bucket("mfaIp", 30, 15 * 60),
  phoneUser: bucket("phoneUser", 5, 60 * 60),
  emailUser: bucket("emailUser", 5, 60 * 60),
} as const;

/**
 * Failed sign-ins (sessions/throttle.ts) are counted per login name as typed, for names that match an
 * account and names that do not alike, so that no answer tells which accounts exist:
 *
 * - per address and name (and per known device): after THROTTLE_AFTER failures each further attempt
 *   waits 30 s, doubling up to 15 minutes; the count lapses THROTTLE_WINDOW_SECONDS after its last
 *   failure, or on a successful sign-in;
 * - per name from anywhere: after SIGN_IN_LOCK_AFTER consecutive failures (default 100, the most
 *   NIST SP 800-63B 5.2.2 allows) only a known device, or the password with a valid second factor,
 *   may sign in, until LOCK_WINDOW_SECONDS pass without a failure or the owner signs in.
 */
export const THROTTLE_AFTER = 5;
export const THROTTLE_BASE_SECONDS = 30;
export const THROTTLE_MAX_SECONDS = 15 * 60;
export const THROTTLE_WINDOW_SECONDS = 60 * 60;
export const LOCK_WINDOW_SECONDS = 24 * 60 * 60;

/**
 * Seconds an address (or device) waits after its `failures`-th consecutive failure with one name:
 * 0 below THROTTLE_AFTER, then 30 s · 2^(failures − 5), capped at 15 minutes.
 */
export function throttleSeconds(failures: number): number {
  if (failures < THROTTLE_AFTER) return 0;
  return Math.min(THROTTLE_MAX_SECONDS, THROTTLE_BASE_SECONDS * 2 ** Math.min(20, failures - THROTTLE_AFTER));
}
