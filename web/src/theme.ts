// The Mantine theme of the app (main.tsx) and of the component tests (test/render.tsx), and the colour
// variables that make every text colour readable (issue 16: Mantine's defaults gave blue 3.55:1,
// dimmed grey 3.32:1, red 3.28:1, orange 2.57:1 on white; WCAG AA asks 4.5:1 for normal text).
//
// - Filled buttons and badges use shade 8 of the primary colour (blue.8 with white text is 5.0:1), and
//   `autoContrast` with the luminance where black and white text contrast equally (0.179) picks, on
//   every filled background, whichever of the two reads better: never under 4.58:1.
// - Coloured text (`c="red"`, alerts, outline and light variants, anchors, errors) uses, per colour and
//   scheme, the first shade that reaches TARGET on the surfaces it sits on, darkened (light scheme) or
//   lightened (dark) further when no shade of Mantine's palette does (green, orange, yellow, lime).
// - Dimmed text is gray.7 in the light scheme (8.2:1), dark.1 in the dark one.
import {
  Anchor,
  Badge,
  type CSSVariablesResolver,
  createTheme,
  DEFAULT_THEME,
  type MantineColorsTuple,
} from "@mantine/core";

/** Aim a little above 4.5:1 so text on the lightly tinted surfaces (gray.0, dark.6, alerts) passes too. */
export const TARGET = 4.7;

function channels(hex: string): [number, number, number] {
  const short = hex.replace("#", "");
  const h = short.length === 3 ? [...short].map((c) => c + c).join("") : short;
  return [0, 2, 4].map((i) => Number.parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two #rrggbb colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Mixes `hex` toward `toward` (#000000 or #ffffff) by `t` in 0…1. */
function mix(hex: string, toward: string, t: number): string {
  const a = channels(hex);
  const b = channels(toward);
  return `#${a
    .map((v, i) =>
      Math.round(v + (b[i] - v) * t)
        .toString(16)
        .padStart(2, "0"),
    )
    .join("")}`;
}

/** The first of `shades` readable on every background, else the last one pushed toward `toward`. */
function readable(shades: string[], backgrounds: string[], toward: string): string {
  const ok = (c: string) => backgrounds.every((bg) => contrast(c, bg) >= TARGET);
  const found = shades.find(ok);
  if (found) return found;
  const last = shades[shades.length - 1];
  for (let t = 0.05; t < 1; t += 0.05) {
    const c = mix(last, toward, t);
    if (ok(c)) return c;
  }
  return toward;
}

const colors = DEFAULT_THEME.colors;
const WHITE = DEFAULT_THEME.white;
const LIGHT_SURFACES = [WHITE, colors.gray[0]];
const DARK_SURFACES = [colors.dark[7], colors.dark[6]];

/** Per colour: readable text in the light and dark schemes, and on the light variant's tint. */
export const textColors = Object.fromEntries(
  Object.entries(colors)
    .filter(([name]) => name !== "dark" && name !== "gray")
    .map(([name, c]: [string, MantineColorsTuple]) => [
      name,
      {
        light: readable([c[7], c[8], c[9]], LIGHT_SURFACES, "#000000"),
        lightOnTint: readable([c[9]], [c[0], c[1]], "#000000"),
        dark: readable([c[4], c[3], c[2], c[1], c[0]], DARK_SURFACES, "#ffffff"),
      },
    ]),
);

export const theme = createTheme({
  primaryColor: "blue",
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  luminanceThreshold: 0.179,
  defaultRadius: "md",
  fontFamily:
    "Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Apple SD Gothic Neo', 'Noto Sans KR', 'Malgun Gothic', sans-serif",
  components: {
    // Badge labels clip to their min-content width inside auto-width table cells; ours are short words.
    Badge: Badge.extend({ styles: { root: { minWidth: "max-content" } } }),
    // A link inside a sentence must differ from it by more than colour (axe link-in-text-block: in the
    // dark scheme blue.4 and the text colour are both light).
    Anchor: Anchor.extend({ defaultProps: { underline: "always" } }),
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => {
  // Placeholders are the dimmed text colour: Mantine's placeholder grey (gray.5, dark.3) is 2.07:1
  // on white, and a file field's placeholder is its only text before a file is chosen (axe
  // color-contrast).
  const light: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-gray-7)",
    "--mantine-color-placeholder": "var(--mantine-color-gray-7)",
    "--mantine-color-error": textColors.red.light,
    "--mantine-color-anchor": textColors.blue.light,
  };
  const dark: Record<string, string> = {
    "--mantine-color-dimmed": "var(--mantine-color-dark-1)",
    "--mantine-color-placeholder": "var(--mantine-color-dark-1)",
    "--mantine-color-error": textColors.red.dark,
  };
  for (const [name, c] of Object.entries(textColors)) {
    light[`--mantine-color-${name}-text`] = c.light;
    light[`--mantine-color-${name}-outline`] = c.light;
    light[`--mantine-color-${name}-light-color`] = c.lightOnTint;
    dark[`--mantine-color-${name}-text`] = c.dark;
    dark[`--mantine-color-${name}-outline`] = c.dark;
  }
  return { variables: {}, light, dark };
};
