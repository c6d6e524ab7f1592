// Number formatting for market pages: decimal strings from the API, shown in the UI language.
import { useTranslation } from "react-i18next";

/** Formatters for prices, volumes and changes in `language` ("—" where there is no value). */
export function marketFormat(language: string) {
  const locale = language === "ko" ? "ko-KR" : "en-US";
  const num = (v: string | number | null | undefined, maxDigits = 4) => {
    if (v === null || v === undefined || v === "") return "—";
    const x = typeof v === "number" ? v : Number(v);
    if (!Number.isFinite(x)) return String(v);
    return new Intl.NumberFormat(locale, { maximumFractionDigits: maxDigits }).format(x);
  };
  const compact = (v: string | null | undefined) => {
    if (!v) return "—";
    const x = Number(v);
    return Number.isFinite(x)
      ? new Intl.NumberFormat(locale, { notation: "compact", maximumFractionDigits: 2 }).format(x)
      : v;
  };
  const signed = (v: string | null | undefined, suffix = "") => {
    if (v === null || v === undefined) return "—";
    const x = Number(v);
    return `${x > 0 ? "+" : ""}${num(v, 4)}${suffix}`;
  };
  return { num, compact, signed };
}

export function useMarketFormat() {
  const { i18n } = useTranslation();
  return marketFormat(i18n.language);
}

/** Display name: the Korean name first in the Korean UI, else the name. */
export function displayName(i: { name: string; nameLocal: string | null }, language: string): string {
  return language === "ko" && i.nameLocal ? i.nameLocal : i.name;
}
