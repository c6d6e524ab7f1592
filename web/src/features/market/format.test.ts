import { describe, expect, it } from "vitest";
import { displayName, marketFormat } from "./format.ts";

describe("marketFormat", () => {
  const en = marketFormat("en");
  const ko = marketFormat("ko");

  it("shows prices to the instrument's tick precision, padded", () => {
    expect(en.price("188.59", 2)).toBe("188.59");
    expect(en.price("188.5", 2)).toBe("188.50");
    expect(en.price("1363.7", 2)).toBe("1,363.70");
    expect(en.price("1.08421", 4)).toBe("1.0842");
    expect(ko.price("55300", 0)).toBe("55,300");
    expect(ko.price(55_300.4, 0)).toBe("55,300");
    expect(en.price("42")).toBe("42.00"); // cents when the precision is unknown
  });

  it("signs changes at the price's precision and percentages at two decimals", () => {
    expect(en.change("1.5", 2)).toBe("+1.50");
    expect(en.change("-700", 0)).toBe("-700");
    expect(en.change("0", 2)).toBe("0.00");
    expect(en.pct("1.2345")).toBe("+1.23%");
    expect(en.pct("-0.005")).toBe("-0.01%");
    expect(ko.pct("2")).toBe("+2.00%");
    expect(en.pct(0)).toBe("0.00%");
  });

  it("writes volumes compact in the UI language with one rule (four significant digits)", () => {
    expect(en.volume("92433800")).toBe("92.43M");
    expect(ko.volume("92433800")).toBe("9243만");
    expect(en.volume(1_500_000)).toBe("1.5M");
    expect(ko.volume(1_500_000)).toBe("150만");
    expect(en.volume("2345678901")).toBe("2.346B");
    expect(ko.volume("2345678901")).toBe("23.46억");
    expect(en.volume(950)).toBe("950");
    // Market caps take the same rule.
    expect(en.compact).toBe(en.volume);
  });

  it("formats plain numbers with grouping and at most four fraction digits by default", () => {
    expect(en.num("1234.56789")).toBe("1,234.5679");
    expect(en.num(0.5)).toBe("0.5");
    expect(en.num("0.435714", 6)).toBe("0.435714");
  });

  it("says — for no value and shows a non-number as it came", () => {
    for (const f of [en.price, en.change, en.pct, en.volume, en.num]) {
      expect(f(null)).toBe("—");
      expect(f(undefined)).toBe("—");
      expect(f("")).toBe("—");
    }
    expect(en.price("n/a", 2)).toBe("n/a");
  });
});

describe("displayName", () => {
  it("puts the Korean name first in the Korean UI", () => {
    const i = { name: "Samsung Electronics", nameLocal: "삼성전자" };
    expect(displayName(i, "ko")).toBe("삼성전자");
    expect(displayName(i, "en")).toBe("Samsung Electronics");
    expect(displayName({ name: "Apple", nameLocal: null }, "ko")).toBe("Apple");
  });
});
