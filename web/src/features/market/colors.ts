// The colour of a price move. In the Korean convention (Korean brokerages and portals) a rise is red
// and a fall blue; elsewhere a rise is green and a fall red. The user's display setting
// `priceColors` chooses: "auto" (by the UI language), "red-up" or "green-up". Text colours use
// Mantine's "-text" variables (4.5:1 in both themes); the chart gets hex colours.
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

/** The colours of `convention` in the UI `language`. */
export function priceColors(convention: PriceColorConvention | undefined, language: string): PriceColors {
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
      return `var(--mantine-color-${x > 0 ? up : down}-text)`;
    },
  };
}

/** The signed-in user's price colours (their setting, else by the UI language). */
export function usePriceColors(): PriceColors {
  const { i18n } = useTranslation();
  const me = useMe();
  const convention = me.data?.settings.display.priceColors as PriceColorConvention | undefined;
  return priceColors(convention, i18n.language);
}
