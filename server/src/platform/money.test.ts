import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ValidationError } from "./errors.ts";
import { Money, minorUnits } from "./money.ts";

const usd = (a: string) => Money.of(a, "USD");

describe("Money", () => {
  it("adds decimals exactly, where floats drift", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(usd("0.1").plus(usd("0.2")).toAmountString()).toBe("0.3");
    expect(Money.of(0.1, "USD").plus(Money.of(0.2, "USD")).equals(usd("0.3"))).toBe(true);
  });

  it("knows each currency's minor unit", () => {
    expect([minorUnits("KRW"), minorUnits("JPY"), minorUnits("USD"), minorUnits("KWD")]).toEqual([
      0, 0, 2, 3,
    ]);
    expect(Money.of("1234.5", "KRW").round().toAmountString()).toBe("1234"); // half-even: 4 stays
    expect(Money.of("1235.5", "KRW").round().toAmountString()).toBe("1236");
    expect(Money.of("1234.5", "KRW").round("half-up").toAmountString()).toBe("1235");
    expect(usd("2.675").round().toAmountString()).toBe("2.68");
    expect(usd("2.665").round().toAmountString()).toBe("2.66");
    expect(usd("-2.675").round("half-up").toAmountString()).toBe("-2.68");
    expect(usd("9.999").round("down").toAmountString()).toBe("9.99");
    expect(usd("9.991").round("up").toAmountString()).toBe("10");
    expect(Money.of("1.0005", "KWD").round().toAmountString()).toBe("1");
  });

  it("counts minor units both ways", () => {
    expect(Money.fromMinor(12345, "USD").toAmountString()).toBe("123.45");
    expect(Money.fromMinor(12345n, "KRW").toAmountString()).toBe("12345");
    expect(usd("123.455").toMinor()).toBe(12346n);
    expect(usd("-0.005").toMinor("half-up")).toBe(-1n);
  });

  it("converts at a stated rate and refuses to mix currencies", () => {
    const krw = usd("100.25").convert("KRW", "1350.5");
    expect(krw.toJSON()).toEqual({ amount: "135387.625", currency: "KRW" });
    expect(krw.round().toAmountString()).toBe("135388");
    expect(() => usd("1").plus(Money.of("1", "KRW"))).toThrow(/cannot combine USD with KRW/);
    expect(() => usd("1").convert("KRW", "0")).toThrow(ValidationError);
  });

  it("is JSON as strings and parses back, naming the field on bad input", () => {
    const m = usd("1e-7").times("3");
    expect(JSON.stringify(m)).toBe('{"amount":"0.0000003","currency":"USD"}');
    expect(Money.fromJSON(JSON.parse(JSON.stringify(m))).equals(m)).toBe(true);
    expect(() => Money.fromJSON({ amount: 1.5, currency: "USD" }, "fee")).toThrow(
      "fee.amount: must be a decimal string",
    );
    expect(() => Money.of("12,50", "EUR", "price")).toThrow('price: "12,50" is not a decimal number');
    expect(() => Money.of("1", "usd", "price")).toThrow(
      "price.currency: must be a three-letter ISO 4217 code",
    );
    expect(() => Money.of(Number.NaN, "USD")).toThrow("amount: must be a finite number");
    expect(() => usd("1").div(0)).toThrow(/divide money by zero/);
  });

  it("allocates in whole minor units that add up exactly", () => {
    expect(usd("100").allocate([1, 1, 1]).map(String)).toEqual(["33.34 USD", "33.33 USD", "33.33 USD"]);
    expect(Money.of("10", "KRW").allocate([1, 2]).map(String)).toEqual(["3 KRW", "7 KRW"]);
    expect(usd("-0.05").allocate([1, 1]).map(String)).toEqual(["-0.03 USD", "-0.02 USD"]);
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.constantFrom("USD", "KRW", "KWD"),
        fc
          .array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 8 })
          .filter((a) => a.some((x) => x > 0)),
        (units, ccy, ratios) => {
          const total = Money.fromMinor(units, ccy);
          const parts = total.allocate(ratios);
          expect(Money.sum(parts, ccy).equals(total)).toBe(true);
          // No part strays more than one minor unit from its exact share.
          const weight = ratios.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            const exact = total.times(ratios[i]).div(weight);
            expect(p.minus(exact).abs().toMinor("up") <= 1n).toBe(true);
          });
        },
      ),
    );
  });

  it("keeps plus/minus exact over any decimal strings", () => {
    const amount = fc
      .tuple(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.integer({ min: 0, max: 12 }))
      .map(([n, scale]) => {
        const s = (n < 0n ? -n : n).toString().padStart(scale + 1, "0");
        const text = scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
        return n < 0n ? `-${text}` : text;
      });
    fc.assert(
      fc.property(amount, amount, (a, b) => {
        expect(usd(a).plus(usd(b)).minus(usd(b)).equals(usd(a))).toBe(true);
      }),
    );
  });
});
