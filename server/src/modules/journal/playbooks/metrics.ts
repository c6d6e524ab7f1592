// Playbook statistics from closed trades: pure. The trade statistics come from @bullpen/quant
// (win rate, profit factor, expectancy, averages, payoff, SQN, streaks); this file adds R multiples,
// the trade equity curve's drawdown, holding time, the grouping, and a confidence interval beside
// every rate and mean, so a sample of three trades reads as what it is.
import { tradeStatistics } from "@bullpen/quant/performance";
import { type Interval, meanInterval, wilson } from "./intervals.ts";

export interface ClosedTrade {
  /** Realised P&L net of commissions, in the group's one currency. */
  pnl: number;
  /** P&L in R (risk = |entry − planned stop| × quantity); null without a stop. */
  r: number | null;
  holdingSeconds: number | null;
  /** ISO instant of entry (exit order decides the equity curve's order: trades come sorted by exit). */
  entryAt: string;
  entryTimeKnown: boolean;
  strategy: string | null;
  tags: readonly string[];
  symbol: string;
  /** true: every ticked rule followed; false: some rule broken; null: nothing ticked. */
  rulesFollowed: boolean | null;
}

export interface Metrics {
  count: number;
  wins: number;
  losses: number;
  winRate: number | null;
  winRateInterval: Interval | null;
  netPnl: number;
  grossProfit: number;
  grossLoss: number;
  profitFactor: number | null;
  expectancy: number | null;
  expectancyInterval: Interval | null;
  averageWin: number | null;
  averageLoss: number | null;
  payoffRatio: number | null;
  sqn: number | null;
  maxConsecutiveLosses: number;
  /** Largest fall of the cumulative P&L from its running peak (money, ≥ 0); the curve starts at 0. */
  maxDrawdown: number;
  averageHoldingSeconds: number | null;
  /** Trades with a planned stop, over which the R figures are. */
  rCount: number;
  averageR: number | null;
  averageRInterval: Interval | null;
  totalR: number | null;
}

export interface Group {
  key: string;
  metrics: Metrics;
}

export const GROUPINGS = ["strategy", "tag", "instrument", "weekday", "hour", "rules"] as const;
export type Grouping = (typeof GROUPINGS)[number];

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Metrics of closed trades in exit order. */
export function metricsOf(trades: readonly ClosedTrade[]): Metrics {
  const pnl = trades.map((t) => t.pnl);
  const s = tradeStatistics(pnl);
  let equity = 0;
  let peak = 0;
  let dd = 0;
  for (const p of pnl) {
    equity += p;
    if (equity > peak) peak = equity;
    if (peak - equity > dd) dd = peak - equity;
  }
  const held = trades.flatMap((t) => (t.holdingSeconds === null ? [] : [t.holdingSeconds]));
  const rs = trades.flatMap((t) => (t.r === null ? [] : [t.r]));
  const totalR = rs.reduce((a, b) => a + b, 0);
  return {
    count: s.count,
    wins: s.wins,
    losses: s.losses,
    winRate: finite(s.winRate),
    winRateInterval: wilson(s.wins, s.count),
    netPnl: s.netProfit,
    grossProfit: s.grossProfit,
    grossLoss: s.grossLoss,
    profitFactor: finite(s.profitFactor),
    expectancy: finite(s.expectancy),
    expectancyInterval: meanInterval(pnl),
    averageWin: finite(s.averageWin),
    averageLoss: finite(s.averageLoss),
    payoffRatio: finite(s.payoffRatio),
    sqn: finite(s.sqn),
    maxConsecutiveLosses: s.maxConsecutiveLosses,
    maxDrawdown: dd,
    averageHoldingSeconds: held.length ? held.reduce((a, b) => a + b, 0) / held.length : null,
    rCount: rs.length,
    averageR: rs.length ? totalR / rs.length : null,
    averageRInterval: meanInterval(rs),
    totalR: rs.length ? totalR : null,
  };
}

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/** The keys a trade falls under in a grouping (a trade with three tags is in three groups). */
function keysOf(t: ClosedTrade, by: Grouping, timeZone: string): string[] {
  switch (by) {
    case "strategy":
      return [t.strategy ?? "(none)"];
    case "tag":
      return t.tags.length ? [...t.tags] : ["(none)"];
    case "instrument":
      return [t.symbol];
    case "weekday": {
      if (!t.entryTimeKnown) return [WEEKDAYS[new Date(t.entryAt).getUTCDay()] as string];
      const day = new Intl.DateTimeFormat("en-US", { weekday: "short", timeZone }).format(
        new Date(t.entryAt),
      );
      return [day.toLowerCase()];
    }
    case "hour": {
      if (!t.entryTimeKnown) return ["(unknown)"];
      const h = new Intl.DateTimeFormat("en-US", { hour: "2-digit", hourCycle: "h23", timeZone }).format(
        new Date(t.entryAt),
      );
      return [h.padStart(2, "0")];
    }
    case "rules":
      return [t.rulesFollowed === null ? "unchecked" : t.rulesFollowed ? "followed" : "broken"];
  }
}

/** Metrics per group, groups in key order (weekdays Monday first), each over its trades in exit order. */
export function groupMetrics(trades: readonly ClosedTrade[], by: Grouping, timeZone = "UTC"): Group[] {
  const groups = new Map<string, ClosedTrade[]>();
  for (const t of trades)
    for (const k of keysOf(t, by, timeZone)) {
      const list = groups.get(k);
      if (list) list.push(t);
      else groups.set(k, [t]);
    }
  const order = (k: string) => (by === "weekday" ? String((WEEKDAYS.indexOf(k) + 6) % 7) : k);
  return [...groups.entries()]
    .sort(([a], [b]) => order(a).localeCompare(order(b)))
    .map(([key, list]) => ({ key, metrics: metricsOf(list) }));
}
