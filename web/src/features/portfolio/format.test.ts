// Money and returns as the portfolio pages show them: decimal strings formatted exactly (no float in
// between), each currency to its minor units, returns given as fractions shown as percentages.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { portfolioFormat, signOf, times100 } from "./format.ts";

const en = portfolioFormat("en");
const ko = portfolioFormat("ko");

describe("portfolio formatting", () => {
  it("shows money in its currency's minor units, in the UI language", () => {
    expect(en.money("1234.5", "USD")).toBe("$1,234.50");
    expect(en.money("1234567", "KRW")).toBe("₩1,234,567");
    expect(ko.money("1234567", "KRW")).toBe("₩1,234,567");
    expect(ko.money("1234.5", "USD")).toBe("$1,234.50");
    expect(en.money("0.125", "USD")).toBe("$0.13");
    expect(en.money(null, "USD")).toBe("—");
    expect(en.money("", "USD")).toBe("—");
  });

  it("formats decimal strings exactly, beyond what a float holds", () => {
    // 2^53 + 1 and a long fraction: a float would print 9,007,199,254,740,992 and lose the cents.
    expect(en.money("9007199254740993.17", "USD")).toBe("$9,007,199,254,740,993.17");
    expect(en.quantity("0.12345678")).toBe("0.12345678");
    expect(en.quantity("12.500000000")).toBe("12.5");
  });

  it("signs changes of money and returns, and leaves zero unsigned", () => {
    expect(en.signed("12.3", "USD")).toBe("+$12.30");
    expect(en.signed("-12.3", "USD")).toBe("-$12.30");
    expect(en.signed("0", "USD")).toBe("$0.00");
    expect(en.pct(0.0123)).toBe("+1.23%");
    expect(en.pct("-0.5")).toBe("-50.00%");
    expect(en.pct(0)).toBe("0.00%");
    expect(en.pct(null)).toBe("—");
    expect(en.pct(1e-7)).toMatch(/^0(\.0+)?%$/);
    expect(en.share(0.25)).toBe("25.0%");
    expect(en.plainPct(0.0224)).toBe("2.24%");
    expect(en.plainPct(-0.0022)).toBe("-0.22%");
  });

  it("shows what is not a number as it came, and an unknown currency as a plain number", () => {
    expect(en.money("n/a", "USD")).toBe("n/a");
    expect(en.money("12.5", "XYZ1")).toBe("12.5");
  });

  it("moves the decimal point two places without arithmetic", () => {
    expect(times100("0.0123")).toBe("1.23");
    expect(times100("-0.5")).toBe("-50");
    expect(times100("12")).toBe("1200");
    expect(times100("0.000001")).toBe("0.0001");
    fc.assert(
      fc.property(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }), fc.nat(6), (n, scale) => {
        // n / 10^scale as a decimal string, times 100, equals n / 10^(scale-2) exactly.
        const s = decimal(n, scale);
        const expected = scale >= 2 ? decimal(n, scale - 2) : decimal(n * 10 ** (2 - scale), 0);
        expect(Number(times100(s))).toBe(Number(expected));
      }),
    );
  });

  it("knows the sign of a decimal string", () => {
    expect(signOf("1.5")).toBe(1);
    expect(signOf("-0.01")).toBe(-1);
    expect(signOf("0.000")).toBe(0);
    expect(signOf("-0")).toBe(0);
    expect(signOf(null)).toBe(0);
    expect(signOf("abc")).toBe(0);
  });
});

function decimal(n: number, scale: number): string {
  const neg = n < 0;
  const digits = String(Math.abs(n)).padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale);
  return `${neg ? "-" : ""}${int}${scale ? `.${frac}` : ""}`;
}
