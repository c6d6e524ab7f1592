import { describe, expect, it } from "vitest";
import { priceColors } from "./colors.ts";

describe("priceColors", () => {
  it("follows the language when the setting is auto: red up and blue down in Korean", () => {
    const ko = priceColors("auto", "ko");
    expect([ko.up, ko.down, ko.redUp]).toEqual(["red", "blue", true]);
    expect(ko.text("1.25")).toBe("var(--mantine-color-red-text)");
    expect(ko.text(-0.5)).toBe("var(--mantine-color-blue-text)");
    const en = priceColors("auto", "en");
    expect([en.up, en.down, en.redUp]).toEqual(["teal", "red", false]);
    expect(en.text("1.25")).toBe("var(--mantine-color-teal-text)");
    expect(en.text("-1.25")).toBe("var(--mantine-color-red-text)");
    expect(priceColors(undefined, "ko").redUp).toBe(true);
  });

  it("lets the user choose either convention in any language", () => {
    expect(priceColors("red-up", "en").text(2)).toBe("var(--mantine-color-red-text)");
    expect(priceColors("red-up", "en").text(-2)).toBe("var(--mantine-color-blue-text)");
    expect(priceColors("green-up", "ko").text(2)).toBe("var(--mantine-color-teal-text)");
    expect(priceColors("green-up", "ko").text(-2)).toBe("var(--mantine-color-red-text)");
    expect(priceColors("red-up", "en").upHex).not.toBe(priceColors("green-up", "en").upHex);
  });

  it("colours no change, no value and a non-number not at all", () => {
    const c = priceColors("auto", "en");
    expect(c.text(0)).toBeUndefined();
    expect(c.text("0.0000")).toBeUndefined();
    expect(c.text(null)).toBeUndefined();
    expect(c.text(undefined)).toBeUndefined();
    expect(c.text("n/a")).toBeUndefined();
  });
});
