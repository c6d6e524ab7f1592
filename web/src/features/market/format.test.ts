import { describe, expect, it } from "vitest";
import { displayName, marketFormat } from "./format.ts";

describe("marketFormat", () => {
  const en = marketFormat("en");
  const ko = marketFormat("ko");

  it("formats decimal strings with grouping and at most four fraction digits by default", () => {
    expect(en.num("1234.56789")).toBe("1,234.5679");
    expect(en.num(0.5)).toBe("0.5");
    expect(en.num("189.25", 1)).toBe("189.3");
    expect(ko.num("70300")).toBe("70,300");
  });

  it("says — for no value and shows a non-number as it came", () => {
    expect(en.num(null)).toBe("—");
    expect(en.num(undefined)).toBe("—");
    expect(en.num("")).toBe("—");
    expect(en.num("n/a")).toBe("n/a");
    expect(en.compact(null)).toBe("—");
    expect(en.signed(null)).toBe("—");
  });

  it("abbreviates large volumes and market caps in the UI language", () => {
    expect(en.compact("1500000")).toBe("1.5M");
    expect(en.compact("2345678901")).toBe("2.35B");
    expect(ko.compact("1500000")).toBe("150만");
    expect(ko.compact("2345678901")).toBe("23.46억");
  });

  it("signs changes: + for gains, - for losses, none for zero", () => {
    expect(en.signed("2.5", "%")).toBe("+2.5%");
    expect(en.signed("-1.25")).toBe("-1.25");
    expect(en.signed("0")).toBe("0");
    expect(en.signed("1234.5")).toBe("+1,234.5");
  });
});

describe("displayName", () => {
  const samsung = { name: "Samsung Electronics", nameLocal: "삼성전자" };
  it("prefers the Korean name in the Korean UI only", () => {
    expect(displayName(samsung, "ko")).toBe("삼성전자");
    expect(displayName(samsung, "en")).toBe("Samsung Electronics");
    expect(displayName({ name: "Apple Inc.", nameLocal: null }, "ko")).toBe("Apple Inc.");
  });
});
