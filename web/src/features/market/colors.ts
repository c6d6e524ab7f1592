// The colour of a price move. In the Korean convention (Korean brokerages and portals) a rise is red
// and a fall blue; elsewhere a rise is green and a fall red. The user's display setting
// `priceColors` chooses: "auto" (by the UI language), "red-up" or "green-up". Text colours are
// shades that reach 4.5:1 on the light and the dark surfaces (red 5.2:1 on gray.0, 5.9:1 on dark);
// the chart gets the middle shades, drawn on its own background.
import { useComputedColorScheme } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { useMe } from "../account/queries.ts";

export type PriceColorConvention = "auto" | "red-up" | "green-up";

export interface PriceColors {
  /** Whether a rise is red (the Korean convention). */
  redUp: boolean;
  /** Mantine colour names of a rise and a fall. */
  up: "red" | "teal";
  down: "blue" | "red";
  /** Hex colours for the chart's candles and volume. */
  upHex: string;
  downHex: string;
  /** The CSS colour of a change's text (undefined when it is zero or none). */
  text: (change: string | number | null | undefined) => string | undefined;
}

const HEX = { red: "#e03131", teal: "#0ca678", blue: "#1c7ed6" } as const;
/** Text shades with at least 4.5:1 contrast: on white and gray.0 (light), on dark.7/dark.6 (dark). */
const TEXT = {
  light: { red: "#c92a2a", teal: "#087f5b", blue: "#1864ab" },
  dark: { red: "#ff8787", teal: "#38d9a9", blue: "#74c0fc" },
} as const;

/** The colours of `convention` in the UI `language` and colour `scheme`. */
export function priceColors(
  convention: PriceColorConvention | undefined,
  language: string,
  scheme: "light" | "dark" = "light",
): PriceColors {
  const redUp = convention === "red-up" || ((convention ?? "auto") === "auto" && language === "ko");
  const up = redUp ? "red" : "teal";
  const down = redUp ? "blue" : "red";
  return {
    redUp,
    up,
    down,
    upHex: HEX[up],
    downHex: HEX[down],
    text: (change) => {
      const x = change === null || change === undefined || change === "" ? 0 : Number(change);
      if (!Number.isFinite(x) || x === 0) return undefined;
      return TEXT[scheme][x > 0 ? up : down];
    },
  };
}

/** The signed-in user's price colours (their setting, else by the UI language). */
export function usePriceColors(): PriceColors {
  const { i18n } = useTranslation();
  const me = useMe();
  const scheme = useComputedColorScheme("light");
  const convention = me.data?.settings.display.priceColors as PriceColorConvention | undefined;
  return priceColors(convention, i18n.language, scheme);
}
