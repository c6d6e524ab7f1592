// Known devices: a browser where an account signed in with its password carries a signed cookie
// naming the account and a random device id. At sign-in it lets its holder past the limits that
// strangers' failures put on a login name (sessions/throttle.ts), so an outsider cannot lock the
// owner out (OWASP's device cookies). It proves nothing by itself: the password (and the second
// factor) are still checked, and the device's own failures are counted and throttled.
import { createHmac, timingSafeEqual } from "node:crypto";
import type { Keyring } from "../../../platform/secrets.ts";
import { randomToken, sha256 } from "../crypto.ts";

export const DEVICE_COOKIE = "bullpen_device";
/** Only sign-in reads it. */
export const DEVICE_COOKIE_PATH = "/api/auth/login";
/** A device is known for this long after its last password sign-in. */
export const DEVICE_TTL_DAYS = 180;
/** Accounts one browser remembers (the most recent first). */
export const DEVICE_MAX_ACCOUNTS = 5;

const PURPOSE = "identity.device-cookie";
const TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{22})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/;

export interface DeviceToken {
  userId: string;
  deviceId: string;
  /** Seconds since the epoch. */
  issued: number;
  mac: string;
}

/**
 * What the MAC covers. The password hash's digest is part of it, so a password change or reset
 * forgets every device the old password signed in on (one that knew a stolen password included).
 */
const signed = (userId: string, deviceId: string, issued: number, passwordHash: string | null) =>
  `device.v1|${userId}|${deviceId}|${issued}|${sha256(passwordHash ?? "")}`;

const macOf = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest("base64url");

/** The well-formed, unexpired tokens of a cookie value (not yet checked: see `knownDevice`). */
export function readDevices(cookie: string | undefined, now: Date): DeviceToken[] {
  if (!cookie) return [];
  const oldest = now.getTime() / 1000 - DEVICE_TTL_DAYS * 86_400;
  const out: DeviceToken[] = [];
  for (const part of cookie.split("~").slice(0, DEVICE_MAX_ACCOUNTS)) {
    const m = TOKEN.exec(part);
    if (!m) continue;
    const issued = Number(m[3]);
    if (issued < oldest || issued > now.getTime() / 1000 + 300) continue;
    out.push({ userId: m[1], deviceId: m[2], issued, mac: m[4] });
  }
  return out;
}

/** The token that makes this browser a known device of `user`, if one is valid (any master key in the ring). */
export function knownDevice(
  keyring: Keyring,
  tokens: DeviceToken[],
  user: { id: string; passwordHash: string | null },
): DeviceToken | undefined {
  for (const t of tokens) {
    if (t.userId !== user.id) continue;
    const text = signed(t.userId, t.deviceId, t.issued, user.passwordHash);
    const sent = Buffer.from(t.mac);
    for (const key of keyring.deriveAll(PURPOSE)) {
      const want = Buffer.from(macOf(key, text));
      if (want.length === sent.length && timingSafeEqual(want, sent)) return t;
    }
  }
  return undefined;
}

/**
 * The cookie value after `user` signed in on this browser: a fresh token for the account (keeping
 * the device id it had), first, then the browser's tokens for other accounts.
 */
export function deviceCookieAfterSignIn(
  keyring: Keyring,
  tokens: DeviceToken[],
  user: { id: string; passwordHash: string | null },
  now: Date,
  known?: DeviceToken,
): string {
  const deviceId = known?.deviceId ?? randomToken(16);
  const issued = Math.floor(now.getTime() / 1000);
  const mac = macOf(keyring.derive(PURPOSE), signed(user.id, deviceId, issued, user.passwordHash));
  const others = tokens
    .filter((t) => t.userId !== user.id)
    .slice(0, DEVICE_MAX_ACCOUNTS - 1)
    .map((t) => `${t.userId}.${t.deviceId}.${t.issued}.${t.mac}`);
  return [`${user.id}.${deviceId}.${issued}.${mac}`, ...others].join("~");
}
