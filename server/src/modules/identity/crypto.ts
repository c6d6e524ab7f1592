// Secrets handling for identity: opaque tokens, their hashes, constant-time comparison and passwords.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { hash as bcryptHash, verify as bcryptVerify } from "@node-rs/bcrypt";

/** 32 random bytes, base64url (43 characters): session tokens, email tokens, setup tokens. */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

/** SHA-256 hex: how every token, code and key secret is stored. */
export const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

/** Constant-time string equality (lengths are compared first; that leaks only the length). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  if (x.length !== y.length) {
    timingSafeEqual(x, x); // keep the work comparable
    return false;
  }
  return timingSafeEqual(x, y);
}

/** A uniformly random string of decimal digits (phone codes). */
export const randomDigits = (n: number): string =>
  Array.from({ length: n }, () => String(randomInt(10))).join("");

// Crockford-style alphabet without look-alikes (no i, l, o, u) for codes people type.
const CODE_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
/** Random code from a 32-letter alphabet: 10 letters carry 50 bits. */
export const randomCode = (n: number): string =>
  Array.from({ length: n }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");

/** The CSRF token bound to a session: derived from its token, so it cannot be forged without it. */
export const csrfTokenFor = (sessionToken: string): string =>
  createHash("sha256").update(`bullpen-csrf:${sessionToken}`).digest("base64url");

// ---------------------------------------------------------------------------------------------
// Passwords (docs/decisions/0001-password-prehash.md)

export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Fixed, public domain-separation key: the pre-hash normalises length, it is not a pepper. */
const PREHASH_KEY = "bullpen/password/v1";

/**
 * HMAC-SHA-256 of the UTF-8 password, base64 (44 ASCII bytes): every password, however long, reaches
 * bcrypt whole (bcrypt reads at most 72 bytes) and without NUL bytes. Keyed so that unsalted
 * SHA-256 hashes leaked elsewhere cannot be "shucked" against our bcrypt hashes.
 */
export const prehashPassword = (password: string): string =>
  createHmac("sha256", PREHASH_KEY).update(password.normalize("NFC"), "utf8").digest("base64");

/** bcrypt (async, on libuv's thread pool) over the pre-hash. */
export const hashPassword = (password: string, cost: number): Promise<string> =>
  bcryptHash(prehashPassword(password), { cost });

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  try {
    return await bcryptVerify(prehashPassword(password), stored);
  } catch {
    return false;
  }
}

const dummyHashes = new Map<number, Promise<string>>();
/**
 * Spends one bcrypt verification for an unknown account, so "no such user" takes as long as
 * "wrong password" and timing does not reveal which accounts exist.
 */
export async function dummyVerify(password: string, cost: number): Promise<false> {
  let h = dummyHashes.get(cost);
  if (!h) {
    h = hashPassword(randomToken(), cost);
    dummyHashes.set(cost, h);
  }
  await verifyPassword(password, await h);
  return false;
}

let common: Set<string> | null = null;
/** True when the password (case-insensitively) is one of the 10,000 most common (common-passwords.md). */
export function isCommonPassword(password: string): boolean {
  if (!common) {
    const text = readFileSync(new URL("./common-passwords.txt", import.meta.url), "utf8");
    common = new Set(text.split("\n").filter(Boolean));
  }
  return common.has(password.toLowerCase());
}

/**
 * The password policy: 8..256 characters (not bytes), not on the common list, not the username
 * or the email (or its local part). Returns a reason, or null when acceptable.
 */
export function passwordProblem(
  password: string,
  who: { username?: string | null; email?: string | null } = {},
): string | null {
  const length = [...password].length;
  if (length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  if (isCommonPassword(password)) return "is too common; choose another";
  const lower = password.toLowerCase();
  const forbidden = [who.username, who.email, who.email?.split("@")[0]]
    .filter((s): s is string => Boolean(s))
    .map((s) => s.toLowerCase());
  if (forbidden.includes(lower)) return "must not be your username or email";
  return null;
}
