// The X-ray: checks over the portfolio as it stands, each with a status, the numbers behind it and a
// sentence that explains it. Pure: the service gathers the values (in the reporting currency).
//
// Thresholds (documented in docs/portfolio.md):
//  - concentration: largest position > 20 % or Herfindahl index (Σ w², weights 0–1, positions only)
//    > 0.20 (fewer than 5 "effective" positions) → warning; largest > 40 % → alert.
//  - currency: the share outside the base currency is reported; > 80 % outside it → warning.
//  - cash drag: cash share > 10 % → warning, > 25 % → alert; the yearly cost is cash × the portfolio's
//    yearly return (what the cash would have earned invested like the rest), when that return is known.
//  - fees: fees over the last 365 days ÷ the average value over the days valued → > 0.5 % warning,
//    > 1 % alert.
//  - markets: the split by listing country; one market > 90 % of the invested value → warning.
//  - drift: the largest drift from a target (percentage points) > the tolerance → warning.
import { Decimal, minorUnits } from "../../../platform/money.ts";
import { type Notice, notice } from "../notices/contracts.ts";

export type CheckStatus = "ok" | "info" | "warning" | "alert" | "unavailable";

export interface XrayCheck {
  id: "concentration" | "currency" | "cashDrag" | "fees" | "markets" | "drift";
  status: CheckStatus;
  /** The numbers behind the check, as decimal strings (percentages in percent). */
  figures: Record<string, string | null>;
  /** Breakdown rows (positions, currencies, markets, slices). */
  items: { key: string; label: string; value: string; pct: string }[];
  /** Why the status: a coded sentence (notices/contracts.ts). */
  explanation: Notice;
}

export interface XrayPosition {
  key: string;
  label: string;
  value: Decimal;
  currency: string;
  market: string | null;
}

export interface XrayInput {
  baseCurrency: string;
  positions: XrayPosition[];
  /** Cash per currency, in the reporting currency. */
  cash: { currency: string; value: Decimal }[];
  /** Fees (commissions, fee rows) over the last 365 days, in the reporting currency. */
  feesLastYear: Decimal;
  /** Average daily value over the last year; null when not known (falls back to the current total). */
  averageValue: Decimal | null;
  /** The portfolio's yearly return in percent, or null. */
  yearlyReturnPct: Decimal | null;
  /** Per dimension with targets: the largest absolute drift in pp and its slice. */
  drifts: { dimension: string; key: string; driftPct: Decimal }[];
  tolerancePct: Decimal;
}

const ZERO = new Decimal(0);
const f2 = (d: Decimal) => d.toDecimalPlaces(2).toString();
const f4 = (d: Decimal) => d.toDecimalPlaces(4).toString();

export function xray(input: XrayInput): XrayCheck[] {
  const minor = minorUnits(input.baseCurrency);
  /** Money in the reporting currency, to its minor unit (12.50 USD, 1250 KRW). */
  const mo = (d: Decimal) => d.toDecimalPlaces(minor).toFixed(minor);
  const invested = input.positions.reduce((s, p) => s.plus(p.value), ZERO);
  const cashTotal = input.cash.reduce((s, c) => s.plus(c.value), ZERO);
  const total = invested.plus(cashTotal);
  const pctOf = (v: Decimal, of = total) => (of.gt(0) ? v.times(100).div(of) : ZERO);
  const checks: XrayCheck[] = [];

  // Concentration: over the invested positions (one row per instrument across accounts).
  const byInstrument = new Map<string, XrayPosition>();
  for (const p of input.positions) {
    const cur = byInstrument.get(p.key);
    byInstrument.set(p.key, cur ? { ...cur, value: cur.value.plus(p.value) } : { ...p });
  }
  const ranked = [...byInstrument.values()].sort((a, b) => b.value.cmp(a.value));
  if (!ranked.length || invested.lte(0)) {
    checks.push({
      id: "concentration",
      status: "unavailable",
      figures: { largestPct: null, top5Pct: null, herfindahl: null, effectivePositions: null },
      items: [],
      explanation: notice("xray.concentration.none"),
    });
  } else {
    const w = ranked.map((p) => p.value.div(invested));
    const hhi = w.reduce((s, x) => s.plus(x.times(x)), ZERO);
    const largest = (w[0] as Decimal).times(100);
    const top5 = w
      .slice(0, 5)
      .reduce((s, x) => s.plus(x), ZERO)
      .times(100);
    const top = ranked[0] as XrayPosition;
    const status: CheckStatus = largest.gt(40) ? "alert" : largest.gt(20) || hhi.gt("0.2") ? "warning" : "ok";
    checks.push({
      id: "concentration",
      status,
      figures: {
        largestPct: f2(largest),
        top5Pct: f2(top5),
        herfindahl: f4(hhi),
        effectivePositions: f2(new Decimal(1).div(hhi)),
        positions: String(ranked.length),
      },
      items: ranked.slice(0, 5).map((p) => ({
        key: p.key,
        label: p.label,
        value: mo(p.value),
        pct: f2(pctOf(p.value, invested)),
      })),
      explanation: notice(status === "ok" ? "xray.concentration.spread" : "xray.concentration.high", {
        top: top.label,
        largestPct: f2(largest),
        top5Pct: f2(top5),
        herfindahl: f4(hhi),
        effectivePositions: f2(new Decimal(1).div(hhi)),
      }),
    });
  }

  // Currency exposure (positions and cash).
  const byCurrency = new Map<string, Decimal>();
  for (const p of input.positions)
    byCurrency.set(p.currency, (byCurrency.get(p.currency) ?? ZERO).plus(p.value));
  for (const c of input.cash) byCurrency.set(c.currency, (byCurrency.get(c.currency) ?? ZERO).plus(c.value));
  const foreign = pctOf(total.minus(byCurrency.get(input.baseCurrency) ?? ZERO));
  checks.push({
    id: "currency",
    status: total.lte(0) ? "unavailable" : foreign.gt(80) ? "warning" : "info",
    figures: { baseCurrency: input.baseCurrency, foreignPct: total.gt(0) ? f2(foreign) : null },
    items: [...byCurrency.entries()]
      .sort((a, b) => b[1].cmp(a[1]))
      .map(([k, v]) => ({ key: k, label: k, value: mo(v), pct: f2(pctOf(v)) })),
    explanation: total.lte(0)
      ? notice("xray.nothing")
      : foreign.isZero()
        ? notice("xray.currency.allBase", { currency: input.baseCurrency })
        : notice(foreign.gt(80) ? "xray.currency.mostlyForeign" : "xray.currency.foreign", {
            foreignPct: f2(foreign),
            currency: input.baseCurrency,
          }),
  });

  // Cash drag.
  const cashPct = pctOf(cashTotal);
  const cost = input.yearlyReturnPct?.gt(0) ? cashTotal.times(input.yearlyReturnPct).div(100) : null;
  checks.push({
    id: "cashDrag",
    status: total.lte(0) ? "unavailable" : cashPct.gt(25) ? "alert" : cashPct.gt(10) ? "warning" : "ok",
    figures: {
      cash: mo(cashTotal),
      cashPct: f2(cashPct),
      yearlyReturnPct: input.yearlyReturnPct ? f2(input.yearlyReturnPct) : null,
      yearlyCost: cost ? mo(cost) : null,
    },
    items: [],
    explanation: total.lte(0)
      ? notice("xray.nothing")
      : cost
        ? notice("xray.cashDrag.cost", {
            cashPct: f2(cashPct),
            yearlyReturnPct: f2(input.yearlyReturnPct as Decimal),
            yearlyCost: mo(cost),
            currency: input.baseCurrency,
          })
        : notice("xray.cashDrag.noReturn", { cashPct: f2(cashPct) }),
  });

  // Fees over the last year.
  const avg = input.averageValue?.gt(0) ? input.averageValue : total;
  const feePct = avg.gt(0) ? input.feesLastYear.times(100).div(avg) : null;
  checks.push({
    id: "fees",
    status: feePct === null ? "unavailable" : feePct.gt(1) ? "alert" : feePct.gt("0.5") ? "warning" : "ok",
    figures: {
      feesLastYear: mo(input.feesLastYear),
      averageValue: mo(avg),
      averageFrom: input.averageValue ? "history" : "current",
      feePct: feePct ? f4(feePct) : null,
    },
    items: [],
    explanation:
      feePct === null
        ? notice("xray.fees.none")
        : notice(input.averageValue ? "xray.fees.average" : "xray.fees.current", {
            fees: mo(input.feesLastYear),
            currency: input.baseCurrency,
            feePct: f4(feePct),
          }),
  });

  // Markets (listing country) over the invested value.
  const byMarket = new Map<string, Decimal>();
  for (const p of input.positions) {
    const m = p.market ?? "other";
    byMarket.set(m, (byMarket.get(m) ?? ZERO).plus(p.value));
  }
  const markets = [...byMarket.entries()].sort((a, b) => b[1].cmp(a[1]));
  const topMarket = markets[0];
  const home = homeMarket(input.baseCurrency);
  const homePct = home ? pctOf(byMarket.get(home) ?? ZERO, invested) : null;
  checks.push({
    id: "markets",
    status:
      !topMarket || invested.lte(0)
        ? "unavailable"
        : pctOf(topMarket[1], invested).gt(90)
          ? "warning"
          : "info",
    figures: {
      homeMarket: home,
      homePct: homePct ? f2(homePct) : null,
      krPct: f2(pctOf(byMarket.get("KR") ?? ZERO, invested)),
      usPct: f2(pctOf(byMarket.get("US") ?? ZERO, invested)),
    },
    items: markets.map(([k, v]) => ({ key: k, label: k, value: mo(v), pct: f2(pctOf(v, invested)) })),
    explanation:
      !topMarket || invested.lte(0)
        ? notice("xray.markets.none")
        : pctOf(topMarket[1], invested).gt(90)
          ? notice("xray.markets.oneMarket", {
              topMarket: topMarket[0],
              topPct: f2(pctOf(topMarket[1], invested)),
            })
          : home && homePct && home !== topMarket[0]
            ? notice("xray.markets.spreadHome", {
                topMarket: topMarket[0],
                topPct: f2(pctOf(topMarket[1], invested)),
                homeMarket: home,
                homePct: f2(homePct),
              })
            : notice("xray.markets.spread", {
                topMarket: topMarket[0],
                topPct: f2(pctOf(topMarket[1], invested)),
              }),
  });

  // Drift against targets.
  const worst = [...input.drifts].sort((a, b) => b.driftPct.abs().cmp(a.driftPct.abs()))[0];
  checks.push({
    id: "drift",
    status: !worst ? "unavailable" : worst.driftPct.abs().gt(input.tolerancePct) ? "warning" : "ok",
    figures: {
      dimension: worst?.dimension ?? null,
      key: worst?.key ?? null,
      driftPct: worst ? f2(worst.driftPct) : null,
      tolerancePct: f2(input.tolerancePct),
    },
    items: input.drifts.map((d) => ({
      key: `${d.dimension}:${d.key}`,
      label: d.key,
      value: f2(d.driftPct),
      pct: f2(d.driftPct),
    })),
    explanation: !worst
      ? notice("xray.drift.none")
      : notice(worst.driftPct.abs().gt(input.tolerancePct) ? "xray.drift.outside" : "xray.drift.inside", {
          key: worst.key,
          dimension: worst.dimension,
          driftPct: f2(worst.driftPct),
          tolerancePct: f2(input.tolerancePct),
        }),
  });
  return checks;
}

/** The home market of a base currency (KRW → KR, USD → US), or null. */
export function homeMarket(currency: string): string | null {
  return (
    (
      { KRW: "KR", USD: "US", JPY: "JP", GBP: "GB", CAD: "CA", AUD: "AU", CHF: "CH", HKD: "HK" } as Record<
        string,
        string
      >
    )[currency] ?? null
  );
}
