// Number formatting for market pages: one rule per kind of figure, in the UI language, used by the
// quote card, the watchlists, the chart's axes and the home cards alike.
//   price   — the instrument's tick precision (quote.priceDecimals / instrument.priceDecimals), fixed
//   change  — a price difference: the same precision, with its sign
//   percent — two decimals, with its sign when it is a change
//   volume  — compact in the UI language, at most four significant digits (92.43M, 9243만)
//   money   — market caps: compact like volumes
import { useMemo } from "react";
import { useTranslation } from "react-i18next";

export const localeOf = (language: string) => (language === "ko" ? "ko-KR" : "en-US");

const NONE = "—";
const numberOf = (v: string | number | null | undefined): number | null => {
  if (v === null || v === undefined || v === "") return null;
  return typeof v === "number" ? v : Number(v);
};

/** Formatters for the UI `language` ("—" where there is no value; a non-number shown as it came). */
export function marketFormat(language: string) {
  const locale = localeOf(language);
  const cache = new Map<string, Intl.NumberFormat>();
  const fmt = (key: string, opts: Intl.NumberFormatOptions) => {
    let f = cache.get(key);
    if (!f) {
      f = new Intl.NumberFormat(locale, opts);
      cache.set(key, f);
    }
    return f;
  };
  const apply = (v: string | number | null | undefined, f: () => Intl.NumberFormat, suffix = "") => {
    const x = numberOf(v);
    if (x === null) return NONE;
    if (!Number.isFinite(x)) return String(v);
    return `${f().format(x)}${suffix}`;
  };
  const digits = (d: number | undefined) => Math.max(0, Math.min(8, Math.round(d ?? 2)));

  /** A price to `decimals` places (the instrument's tick precision). */
  const price = (v: string | number | null | undefined, decimals?: number) => {
    const d = digits(decimals);
    return apply(v, () => fmt(`p${d}`, { minimumFractionDigits: d, maximumFractionDigits: d }));
  };
  /** A price change, signed, to the same precision. */
  const change = (v: string | number | null | undefined, decimals?: number) => {
    const d = digits(decimals);
    return apply(v, () =>
      fmt(`c${d}`, { minimumFractionDigits: d, maximumFractionDigits: d, signDisplay: "exceptZero" }),
    );
  };
  /** A percentage change (the API's percent figure, e.g. "1.2345"), signed, two decimals. */
  const pct = (v: string | number | null | undefined) =>
    apply(
      v,
      () => fmt("pct", { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" }),
      "%",
    );
  /** A volume or an amount of money, compact in the UI language. */
  const volume = (v: string | number | null | undefined) =>
    apply(v, () => fmt("vol", { notation: "compact", maximumSignificantDigits: 4 }));
  /** A plain number with up to `maxDigits` decimals (ratios, factors, dividends). */
  const num = (v: string | number | null | undefined, maxDigits = 4) =>
    apply(v, () => fmt(`n${maxDigits}`, { maximumFractionDigits: maxDigits }));

  return { price, change, pct, volume, compact: volume, num, locale };
}
export type MarketFormat = ReturnType<typeof marketFormat>;

/** The formatters of the UI language (the same object while the language stays). */
export function useMarketFormat(): MarketFormat {
  const { i18n } = useTranslation();
  return useMemo(() => marketFormat(i18n.language), [i18n.language]);
}

/** Display name: the Korean name first in the Korean UI, else the name. */
export function displayName(i: { name: string; nameLocal: string | null }, language: string): string {
  return language === "ko" && i.nameLocal ? i.nameLocal : i.name;
}
