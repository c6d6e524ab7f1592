import { describe, expect, it } from "vitest";
import { priceColors } from "./colors.ts";

describe("priceColors", () => {
  it("follows the language when the setting is auto: red up and blue down in Korean", () => {
    const ko = priceColors("auto", "ko");
    expect([ko.up, ko.down, ko.redUp]).toEqual(["red", "blue", true]);
    expect(ko.text("1.25")).toBe("#c92a2a");
    expect(ko.text(-0.5)).toBe("#1864ab");
    const en = priceColors("auto", "en");
    expect([en.up, en.down, en.redUp]).toEqual(["teal", "red", false]);
    expect(en.text("1.25")).toBe("#087f5b");
    expect(en.text("-1.25")).toBe("#c92a2a");
    expect(priceColors(undefined, "ko").redUp).toBe(true);
    // Lighter shades on the dark theme, so the text keeps its contrast.
    expect(priceColors("auto", "ko", "dark").text(1)).toBe("#ff8787");
    expect(priceColors("auto", "en", "dark").text(1)).toBe("#38d9a9");
  });

  it("lets the user choose either convention in any language", () => {
    expect(priceColors("red-up", "en").text(2)).toBe("#c92a2a");
    expect(priceColors("red-up", "en").text(-2)).toBe("#1864ab");
    expect(priceColors("green-up", "ko").text(2)).toBe("#087f5b");
    expect(priceColors("green-up", "ko").text(-2)).toBe("#c92a2a");
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
