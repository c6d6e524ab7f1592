// Failed sign-ins: what they are counted on, and what an attempt is allowed given the counts.
//
// Everything is keyed by the login name as typed (normalised), never by the account it names, so a
// name without an account is throttled exactly as one with an account, and an account's username
// and email are counted apart: a 429 never tells which names exist or belong together. The keys
// (schema-sign-in.ts) are HMACs under a key derived from the master key.
import { createHmac } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { Ctx } from "../../../platform/context.ts";
import { RateLimitedError } from "../../../platform/errors.ts";
import { securityEvent } from "../events.ts";
import { now } from "../internal.ts";
import { LOCK_WINDOW_SECONDS, THROTTLE_WINDOW_SECONDS, throttleSeconds } from "../limits.ts";
import type { UserRow } from "../repository.ts";
import type { DeviceToken } from "./device.ts";
import type { FailureKey, FailureScope } from "./repository.ts";
import * as repo from "./repository.ts";

const PURPOSE = "identity.sign-in-failures";

/** The name as it is counted: Unicode-normalised and lower-cased (usernames and emails are citext). */
export const normalizeLogin = (login: string): string => login.trim().normalize("NFKC").toLowerCase();

/**
 * The address as it is counted: IPv4 as is (an IPv4-mapped IPv6 address as its IPv4), IPv6 by its
 * /64, the block one subscriber usually holds whole.
 */
export function sourceOf(ip: string | null): string {
  if (!ip) return "unknown";
  const v4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (v4) return v4[1];
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head, tail = ""] = ip.toLowerCase().split("%")[0].split("::");
  const h = head ? head.split(":") : [];
  const t = tail ? tail.split(":") : [];
  const groups = ip.includes("::")
    ? [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t]
    : h;
  return `${groups
    .slice(0, 4)
    .map((g) => g.padStart(4, "0"))
    .join(":")}::/64`;
}

const keyOf = (ctx: Ctx, scope: FailureScope, ...parts: string[]): FailureKey => ({
  scope,
  key: createHmac("sha256", ctx.keyring.derive(PURPOSE))
    .update([scope, ...parts].join("\u0000"))
    .digest("hex"),
});

/** The keys of one attempt: this address with this name, this name from anywhere, this device. */
export interface AttemptKeys {
  source: FailureKey;
  login: FailureKey;
  device: FailureKey | null;
}

export function attemptKeys(ctx: Ctx, login: string, device: DeviceToken | undefined): AttemptKeys {
  const name = normalizeLogin(login);
  return {
    source: keyOf(ctx, "source", sourceOf(ctx.ip), name),
    login: keyOf(ctx, "login", name),
    device: device ? keyOf(ctx, "device", device.deviceId) : null,
  };
}

/**
 * What the counts allow. `waitSeconds` > 0: this address (or device) must wait, whatever the
 * password. `lockedSeconds` > 0: the name is locked for attempts that are not from a known device;
 * only the password with a valid second factor passes. `knownDevice`: the device is known and has
 * not itself failed SIGN_IN_LOCK_AFTER times (then it counts as any other address).
 */
export interface AttemptState {
  knownDevice: boolean;
  waitSeconds: number;
  lockedSeconds: number;
}

export async function attemptState(ctx: Ctx, keys: AttemptKeys): Promise<AttemptState> {
  const t = now(ctx).getTime();
  const rows = await repo.findFailures(
    ctx.db,
    [keys.source, keys.login, keys.device].filter((k) => k !== null),
  );
  const row = (k: FailureKey | null) =>
    k ? rows.find((r) => r.scope === k.scope && r.key === k.key) : undefined;
  const waitOf = (k: FailureKey | null) => {
    const r = row(k);
    return r?.blockedUntil && r.blockedUntil.getTime() > t
      ? Math.ceil((r.blockedUntil.getTime() - t) / 1000)
      : 0;
  };
  const lockOf = (k: FailureKey | null) => {
    const r = row(k);
    const ends = r ? r.lastFailureAt.getTime() + LOCK_WINDOW_SECONDS * 1000 : 0;
    return r && r.failures >= ctx.config.SIGN_IN_LOCK_AFTER && ends > t ? Math.ceil((ends - t) / 1000) : 0;
  };
  if (keys.device && lockOf(keys.device) === 0)
    return { knownDevice: true, waitSeconds: waitOf(keys.device), lockedSeconds: 0 };
  return { knownDevice: false, waitSeconds: waitOf(keys.source), lockedSeconds: lockOf(keys.login) };
}

const windowOf = (scope: FailureScope) => (scope === "login" ? LOCK_WINDOW_SECONDS : THROTTLE_WINDOW_SECONDS);

/**
 * Counts a failed attempt (on the pool: it must outlive the error that follows): on the device when
 * the attempt came from a known one, else on the address with the name; and on the name from
 * anywhere. The address's (or device's) back-off follows the schedule; reaching SIGN_IN_LOCK_AFTER on
 * the name or a device is a security event.
 */
export async function attemptFailed(
  ctx: Ctx,
  keys: AttemptKeys,
  state: AttemptState,
  user: UserRow | undefined,
): Promise<void> {
  const t = now(ctx);
  const near = state.knownDevice && keys.device ? keys.device : keys.source;
  for (const k of [near, keys.login]) {
    const n = await repo.addFailure(ctx.db, k, t, new Date(t.getTime() - windowOf(k.scope) * 1000));
    const secs = k.scope === "login" ? 0 : throttleSeconds(n);
    if (secs > 0) await repo.blockFailureKey(ctx.db, k, new Date(t.getTime() + secs * 1000));
    if (!user) continue;
    if (secs > 0)
      await securityEvent(ctx, {
        eventCode: "account_throttled",
        severity: n >= 10 ? "high" : "medium",
        userId: user.id,
        isBlocked: true,
        details: { scope: k.scope, failures: n, seconds: secs },
      });
    if (n === ctx.config.SIGN_IN_LOCK_AFTER && k.scope !== "source")
      await securityEvent(ctx, {
        eventCode: k.scope === "login" ? "sign_in_locked" : "device_locked",
        severity: "high",
        userId: user.id,
        isBlocked: true,
        details: { scope: k.scope, failures: n },
      });
  }
}

/** Forgets the counts a successful sign-in ends: this address's with the name, the name's, the device's. */
export function attemptSucceeded(ctx: Ctx, keys: AttemptKeys): Promise<void> {
  return repo.clearFailures(
    ctx.db,
    [keys.source, keys.login, keys.device].filter((k) => k !== null),
  );
}

/** The answer while an address or device must wait. */
export const waitError = (seconds: number) =>
  new RateLimitedError(seconds, "Too many failed sign-ins; try again later");

/** The answer while a name is locked (the same for every name, with or without an account). */
export const lockedError = (seconds: number) =>
  new RateLimitedError(
    seconds,
    "Too many failed sign-ins with this name. Sign in on a device you have signed in on before, or with your password and two-factor code",
    "sign_in_locked",
  );
