// Money and return figures of the portfolio pages. The API sends decimals as strings; they go to
// Intl.NumberFormat as strings (exact decimal formatting, ES2023), never through a float, so a value
// of 0.1 + 0.2 won is shown as the server computed it. One rule per kind of figure:
//   money    — in its currency's minor units (KRW whole won, USD cents), with the currency's symbol
//   signed   — a change of money, with its sign
//   quantity — units, up to 8 decimals, no trailing zeros
//   pct      — a return given as a fraction ("0.0123" = 1.23 %), two decimals, signed
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { localeOf } from "../market/format.ts";

const NONE = "—";
type Value = string | number | null | undefined;

/** A decimal string as Intl takes it; null for nothing, the input itself when it is not a number. */
function decimalOf(v: Value): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  if (s === "") return null;
  return s;
}
const isNumeric = (s: string) => /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(s);

/** Multiplies a decimal string by 100 by moving its point (no float arithmetic). */
export function times100(s: string): string {
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(s.trim());
  if (!m) return s;
  const [, sign, int = "", frac = ""] = m;
  const f = `${frac}00`;
  const whole = `${int}${f.slice(0, 2)}`.replace(/^0+(?=\d)/, "") || "0";
  const rest = f.slice(2).replace(/0+$/, "");
  return `${sign}${whole}${rest ? `.${rest}` : ""}`;
}

/** The sign of a decimal string: -1, 0 or 1 (0 for nothing or not a number). */
export function signOf(v: Value): -1 | 0 | 1 {
  const s = decimalOf(v);
  if (s === null || !isNumeric(s)) return 0;
  if (/^[-+]?0*\.?0*(e[-+]?\d+)?$/i.test(s)) return 0;
  return s.startsWith("-") ? -1 : 1;
}

export function portfolioFormat(language: string) {
  const locale = localeOf(language);
  const cache = new Map<string, Intl.NumberFormat>();
  const fmt = (key: string, make: () => Intl.NumberFormatOptions) => {
    let f = cache.get(key);
    if (!f) {
      try {
        f = new Intl.NumberFormat(locale, make());
      } catch {
        // An unknown currency code: a plain number rather than an exception.
        f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
      }
      cache.set(key, f);
    }
    return f;
  };
  const apply = (v: Value, f: Intl.NumberFormat, suffix = "") => {
    const s = decimalOf(v);
    if (s === null) return NONE;
    if (!isNumeric(s)) return s;
    // Intl formats a numeric string exactly (no float in between).
    return `${f.format(s as unknown as number)}${suffix}`;
  };
  const currencyOpts = (currency: string, signed: boolean): Intl.NumberFormatOptions => ({
    style: "currency",
    currency,
    currencyDisplay: "narrowSymbol",
    ...(signed ? { signDisplay: "exceptZero" } : {}),
  });

  /** An amount of money in `currency`, to its minor units. */
  const money = (v: Value, currency: string | null | undefined) =>
    currency
      ? apply(
          v,
          fmt(`m${currency}`, () => currencyOpts(currency, false)),
        )
      : num(v);
  /** A change of money, signed. */
  const signed = (v: Value, currency: string | null | undefined) =>
    currency
      ? apply(
          v,
          fmt(`s${currency}`, () => currencyOpts(currency, true)),
        )
      : apply(
          v,
          fmt("sn", () => ({ maximumFractionDigits: 2, signDisplay: "exceptZero" })),
        );
  /** Units held or traded. */
  const quantity = (v: Value) =>
    apply(
      v,
      fmt("q", () => ({ maximumFractionDigits: 8 })),
    );
  /** A plain number: a price or a rate, up to `digits` decimals. */
  const num = (v: Value, digits = 4) =>
    apply(
      v,
      fmt(`n${digits}`, () => ({ maximumFractionDigits: digits })),
    );
  /** A return given as a fraction (0.0123) shown as a signed percentage (+1.23%). */
  const pct = (v: Value) => {
    const s = decimalOf(v);
    if (s === null) return NONE;
    if (!isNumeric(s) || /e/i.test(s))
      return apply(
        s,
        fmt("p", () => ({ style: "percent" })),
      );
    return apply(
      times100(s),
      fmt("pct", () => ({ minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: "exceptZero" })),
      "%",
    );
  };
  /** A fraction that has no sign to show (volatility, a drawdown's depth) as a percentage, two decimals. */
  const plainPct = (v: Value) => {
    const s = decimalOf(v);
    if (s === null || !isNumeric(s) || /e/i.test(s))
      return s === null
        ? NONE
        : apply(
            s,
            fmt("pp", () => ({ style: "percent" })),
          );
    return apply(
      times100(s),
      fmt("plain", () => ({ minimumFractionDigits: 2, maximumFractionDigits: 2 })),
      "%",
    );
  };
  /** A share of a whole (0.25) as an unsigned percentage with one decimal (25.0%). */
  const share = (v: Value) => {
    const s = decimalOf(v);
    if (s === null || !isNumeric(s) || /e/i.test(s)) return NONE;
    return apply(
      times100(s),
      fmt("share", () => ({ minimumFractionDigits: 1, maximumFractionDigits: 1 })),
      "%",
    );
  };
  return { money, signed, quantity, num, pct, plainPct, share, locale };
}
export type PortfolioFormat = ReturnType<typeof portfolioFormat>;

/** The portfolio formatters of the UI language. */
export function usePortfolioFormat(): PortfolioFormat {
  const { i18n } = useTranslation();
  return useMemo(() => portfolioFormat(i18n.language), [i18n.language]);
}
