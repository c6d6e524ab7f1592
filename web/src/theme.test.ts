// Every coloured text the theme produces reads at WCAG AA (4.5:1) on the surfaces it sits on, in both
// schemes (issue 16: Mantine's default blue, grey, red and orange did not).
import { DEFAULT_THEME } from "@mantine/core";
import { describe, expect, it } from "vitest";
import { contrast, cssVariablesResolver, textColors, theme } from "./theme.ts";

const { colors } = DEFAULT_THEME;

describe("theme colours", () => {
  it("computes contrast as WCAG does, 3-digit hex included", () => {
    expect(contrast("#fff", "#000000")).toBeCloseTo(21, 5);
    expect(contrast("#228be6", "#ffffff")).toBeCloseTo(3.55, 1);
  });

  it("gives every colour a text shade of at least 4.5:1 in both schemes and on the light tint", () => {
    for (const [name, c] of Object.entries(textColors)) {
      for (const bg of ["#ffffff", colors.gray[0]])
        expect(contrast(c.light, bg), name).toBeGreaterThanOrEqual(4.5);
      for (const bg of [colors.dark[7], colors.dark[6]])
        expect(contrast(c.dark, bg), name).toBeGreaterThanOrEqual(4.5);
      for (const bg of [colors[name][0], colors[name][1]])
        expect(contrast(c.lightOnTint, bg), name).toBeGreaterThanOrEqual(4.5);
    }
  });

  it("uses them for text, errors and dimmed text, and shade 8 for filled primary buttons", () => {
    const vars = cssVariablesResolver(theme as never);
    expect(vars.light["--mantine-color-red-text"]).toBe(textColors.red.light);
    expect(vars.dark["--mantine-color-error"]).toBe(textColors.red.dark);
    expect(vars.light["--mantine-color-dimmed"]).toBe("var(--mantine-color-gray-7)");
    // Placeholders too (a file field's placeholder is its only text before a file is chosen).
    expect(vars.light["--mantine-color-placeholder"]).toBe("var(--mantine-color-gray-7)");
    expect(vars.dark["--mantine-color-placeholder"]).toBe("var(--mantine-color-dark-1)");
    expect(contrast(colors.gray[7], "#ffffff")).toBeGreaterThanOrEqual(4.5);
    expect(contrast(colors.dark[1], colors.dark[6])).toBeGreaterThanOrEqual(4.5);
    expect(theme.primaryShade).toEqual({ light: 8, dark: 8 });
    expect(contrast(colors.blue[8], "#ffffff")).toBeGreaterThanOrEqual(4.5);
  });
});
