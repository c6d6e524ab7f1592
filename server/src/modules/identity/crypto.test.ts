import { hash as bcryptHash, verify as bcryptVerify } from "@node-rs/bcrypt";
import { describe, expect, it } from "vitest";
import {
  csrfTokenFor,
  hashPassword,
  isCommonPassword,
  PASSWORD_MAX,
  passwordProblem,
  prehashPassword,
  randomCode,
  safeEqual,
  sha256,
  verifyPassword,
} from "./crypto.ts";

describe("password pre-hash", () => {
  it("maps any password to 44 ASCII bytes (under bcrypt's 72) without NUL", () => {
    for (const p of ["a", "x".repeat(PASSWORD_MAX), "한국어 비밀번호".repeat(30), "\u0000abc"]) {
      const h = prehashPassword(p);
      expect(Buffer.byteLength(h)).toBe(44);
      expect(h).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    }
  });

  it("keeps every byte significant: passwords sharing their first 72 bytes still differ", async () => {
    const base = "k".repeat(80);
    const stored = await hashPassword(`${base}1`, 4);
    expect(await verifyPassword(`${base}1`, stored)).toBe(true);
    expect(await verifyPassword(`${base}2`, stored)).toBe(false);
    // Plain bcrypt would have accepted it: the reason for the pre-hash.
    const plain = await bcryptHash(`${base}1`, { cost: 4 });
    expect(await bcryptVerify(`${base}2`, plain)).toBe(true);
  });

  it("normalises Unicode (NFC), so the same text typed differently matches", async () => {
    const stored = await hashPassword("caf\u00e9-latte-42", 4);
    expect(await verifyPassword("cafe\u0301-latte-42", stored)).toBe(true);
  });

  it("uses bcrypt with the configured cost and tolerates garbage hashes", async () => {
    const stored = await hashPassword("some long passphrase", 5);
    expect(stored).toMatch(/^\$2b\$05\$/);
    expect(await verifyPassword("some long passphrase", "not a hash")).toBe(false);
  });
});

describe("password policy", () => {
  it("length in characters, common list, username/email", () => {
    expect(passwordProblem("1234567")).toMatch(/at least 8/);
    expect(passwordProblem("가나다라마바사아")).toBeNull(); // 8 characters, 24 bytes
    expect(passwordProblem("x".repeat(257))).toMatch(/at most 256/);
    expect(passwordProblem("x".repeat(256))).toBeNull();
    expect(passwordProblem("Password1")).toMatch(/too common/);
    expect(passwordProblem("sunshine")).toMatch(/too common/);
    expect(passwordProblem("JohnDoe99", { username: "johndoe99" })).toMatch(/username/);
    expect(passwordProblem("Jane.Roe.Mail", { email: "jane.roe.mail@example.test" })).toMatch(
      /username or email/,
    );
    expect(passwordProblem("a perfectly fine passphrase", { username: "x", email: "x@y.z" })).toBeNull();
  });

  it("ships ten thousand common passwords of at least 8 characters", () => {
    expect(isCommonPassword("12345678")).toBe(true);
    expect(isCommonPassword("QWERTYUIOP")).toBe(true);
    expect(isCommonPassword("correct horse battery staple")).toBe(false);
  });
});

describe("tokens", () => {
  it("compares in constant time and derives a per-session CSRF token", () => {
    expect(safeEqual("abc", "abc")).toBe(true);
    expect(safeEqual("abc", "abd")).toBe(false);
    expect(safeEqual("abc", "abcd")).toBe(false);
    expect(csrfTokenFor("t1")).not.toBe(csrfTokenFor("t2"));
    expect(csrfTokenFor("t1")).toBe(csrfTokenFor("t1"));
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const codes = new Set(Array.from({ length: 1000 }, () => randomCode(10)));
    expect(codes.size).toBe(1000);
    for (const c of codes) expect(c).toMatch(/^[0-9a-hjkmnp-tv-z]{10}$/);
  });
});
