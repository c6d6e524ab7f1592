import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  adx,
  aroon,
  atr,
  bbandsHlc,
  cci,
  cmf,
  dema,
  donchian,
  ema,
  evwma,
  kst,
  macd,
  mfi,
  momentum,
  obv,
  roc,
  rsi,
  runSd,
  sar,
  sma,
  stoch,
  trix,
  ultimateOscillator,
  volatility,
  wma,
  wpr,
  zlema,
} from "@bullpen/quant/indicators";
import { compareSeries, readCsv } from "./compare.ts";
import type { InputResolver, OracleResult } from "./types.ts";

/** Unadjusted OHLCV of the manifest's input (TTR oracles never use adj_close). */
interface Ohlcv {
  date: string[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  volume: Float64Array;
}

interface Computed {
  /** Human-readable call, e.g. "SMA(close, 20)". */
  name: string;
  columns: Record<string, Float64Array>;
  note?: string;
}

type Rule = [RegExp, (m: RegExpMatchArray, d: Ohlcv) => Computed];

const int = (s: string | undefined, def: number) => (s === undefined ? def : Number.parseInt(s, 10));

/** First index where two series differ (NaN-aware), or −1. */
function firstDiff(a: Float64Array, b: Float64Array): number {
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return i;
  return -1;
}

// File-name grammar of the TTR oracle layout: <function>[_<params>][_<variant>].csv. Periods come
// from the name, so other datasets or periods in the same layout work unchanged.
const RULES: Rule[] = [
  [/^SMA_(\d+)$/, (m, d) => ({ name: `SMA(close, ${m[1]})`, columns: { SMA: sma(d.close, int(m[1], 0)) } })],
  [
    /^EMA_(\d+)(_wilder)?$/,
    (m, d) => ({
      name: `EMA(close, ${m[1]}${m[2] ? ", wilder" : ""})`,
      columns: { EMA: ema(d.close, int(m[1], 0), { wilder: m[2] !== undefined }) },
    }),
  ],
  [/^WMA_(\d+)$/, (m, d) => ({ name: `WMA(close, ${m[1]})`, columns: { WMA: wma(d.close, int(m[1], 0)) } })],
  [
    /^DEMA_(\d+)$/,
    (m, d) => ({ name: `DEMA(close, ${m[1]})`, columns: { DEMA: dema(d.close, int(m[1], 0)) } }),
  ],
  [
    /^ZLEMA_(\d+)$/,
    (m, d) => ({ name: `ZLEMA(close, ${m[1]})`, columns: { ZLEMA: zlema(d.close, int(m[1], 0)) } }),
  ],
  [
    /^EVWMA_(\d+)$/,
    (m, d) => ({
      name: `EVWMA(close, volume, ${m[1]})`,
      columns: { EVWMA: evwma(d.close, d.volume, int(m[1], 0)) },
    }),
  ],
  [
    /^TRIX_(\d+)(?:_(\d+))?$/,
    (m, d) => {
      const n = int(m[1], 0);
      const nSig = int(m[2], 9);
      const r = trix(d.close, n, { compat: "ttr", nSig });
      const correct = trix(d.close, n, { nSig });
      const agree = firstDiff(r.signal, correct.signal);
      return {
        name: `TRIX(close, ${n}) [TRIX, signal]`,
        columns: { TRIX: r.trix, signal: r.signal },
        note: `compat "ttr": TTR's signal uses n=${n}, not nSig=${nSig}${agree < 0 ? "" : `; default (correct) signal differs from row ${agree}`}`,
      };
    },
  ],
  [/^RSI_(\d+)$/, (m, d) => ({ name: `RSI(close, ${m[1]})`, columns: { rsi: rsi(d.close, int(m[1], 0)) } })],
  [
    /^MACD_(\d+)_(\d+)_(\d+)(_percent)?$/,
    (m, d) => {
      const r = macd(d.close, int(m[1], 0), int(m[2], 0), int(m[3], 0), { percent: m[4] !== undefined });
      return {
        name: `MACD(close, ${m[1]}, ${m[2]}, ${m[3]}${m[4] ? ", percent" : ""}) [macd, signal]`,
        columns: { macd: r.macd, signal: r.signal },
      };
    },
  ],
  [
    /^BBands_(\d+)_(\d+(?:\.\d+)?)$/,
    (m, d) => {
      const r = bbandsHlc(d.high, d.low, d.close, int(m[1], 0), Number(m[2]));
      return { name: `BBands(HLC, ${m[1]}, ${m[2]}) [dn, mavg, up, pctB]`, columns: { ...r } };
    },
  ],
  [
    /^ATR_(\d+)$/,
    (m, d) => ({
      name: `ATR(HLC, ${m[1]}) [tr, atr, trueHigh, trueLow]`,
      columns: { ...atr(d.high, d.low, d.close, int(m[1], 0)) },
    }),
  ],
  [
    /^ADX_(\d+)$/,
    (m, d) => {
      const r = adx(d.high, d.low, d.close, int(m[1], 0));
      return {
        name: `ADX(HLC, ${m[1]}) [DIp, DIn, DX, ADX]`,
        columns: { DIp: r.diPlus, DIn: r.diMinus, DX: r.dx, ADX: r.adx },
      };
    },
  ],
  [/^OBV$/, (_m, d) => ({ name: "OBV(close, volume)", columns: { obv: obv(d.close, d.volume) } })],
  [
    /^stoch_(\d+)_(\d+)_(\d+)$/,
    (m, d) => ({
      name: `stoch(HLC, ${m[1]}, ${m[2]}, ${m[3]}) [fastK, fastD, slowD]`,
      columns: { ...stoch(d.high, d.low, d.close, int(m[1], 0), int(m[2], 0), int(m[3], 0)) },
    }),
  ],
  [
    /^CCI_(\d+)$/,
    (m, d) => ({ name: `CCI(HLC, ${m[1]})`, columns: { cci: cci(d.high, d.low, d.close, int(m[1], 0)) } }),
  ],
  [
    /^WPR_(\d+)$/,
    (m, d) => ({ name: `WPR(HLC, ${m[1]})`, columns: { wpr: wpr(d.high, d.low, d.close, int(m[1], 0)) } }),
  ],
  [
    /^ROC_(\d+)(?:_(discrete|continuous))?$/,
    (m, d) => {
      const type = (m[2] ?? "continuous") as "discrete" | "continuous";
      return { name: `ROC(close, ${m[1]}, ${type})`, columns: { roc: roc(d.close, int(m[1], 0), type) } };
    },
  ],
  [
    /^momentum_(\d+)$/,
    (m, d) => ({ name: `momentum(close, ${m[1]})`, columns: { momentum: momentum(d.close, int(m[1], 0)) } }),
  ],
  [
    /^runSD_close_(\d+)$/,
    (m, d) => ({ name: `runSD(close, ${m[1]})`, columns: { runSD: runSd(d.close, int(m[1], 0)) } }),
  ],
  [
    /^runSD_returns_(\d+)$/,
    (m, d) => {
      const n = int(m[1], 0);
      return {
        name: `runSD(ROC(close, 1), ${n}) [simple, log]`,
        columns: {
          simple: runSd(roc(d.close, 1, "discrete"), n),
          log: runSd(roc(d.close, 1, "continuous"), n),
        },
      };
    },
  ],
  [
    /^DonchianChannel_(\d+)$/,
    (m, d) => ({
      name: `DonchianChannel(HL, ${m[1]}) [high, mid, low]`,
      columns: { ...donchian(d.high, d.low, int(m[1], 0)) },
    }),
  ],
  [
    /^aroon_(\d+)$/,
    (m, d) => {
      const r = aroon(d.high, d.low, int(m[1], 0));
      return {
        name: `aroon(HL, ${m[1]}) [aroonUp, aroonDn, oscillator]`,
        columns: { aroonUp: r.up, aroonDn: r.dn, oscillator: r.oscillator },
      };
    },
  ],
  [
    /^MFI_(\d+)$/,
    (m, d) => ({
      name: `MFI(HLC, volume, ${m[1]})`,
      columns: { mfi: mfi(d.high, d.low, d.close, d.volume, int(m[1], 0)) },
    }),
  ],
  [
    /^CMF_(\d+)$/,
    (m, d) => ({
      name: `CMF(HLC, volume, ${m[1]})`,
      columns: { cmf: cmf(d.high, d.low, d.close, d.volume, int(m[1], 0)) },
    }),
  ],
  [
    /^volatility_close_(\d+)$/,
    (m, d) => ({
      name: `volatility(close, ${m[1]}, calc=close)`,
      columns: { volatility: volatility(d.close, int(m[1], 0)) },
    }),
  ],
  [
    /^ultimateOscillator(?:_(\d+)_(\d+)_(\d+))?$/,
    (m, d) => {
      const n: [number, number, number] = [int(m[1], 7), int(m[2], 14), int(m[3], 28)];
      return {
        name: `ultimateOscillator(HLC, ${n.join(",")})`,
        columns: { ultimateOscillator: ultimateOscillator(d.high, d.low, d.close, n) },
      };
    },
  ],
  [/^KST$/, (_m, d) => ({ name: "KST(close) [kst, signal]", columns: { ...kst(d.close) } })],
  [
    /^SAR(?:_([\d.]+)_([\d.]+))?$/,
    (m, d) => {
      const accel: [number, number] = [m[1] ? Number(m[1]) : 0.02, m[2] ? Number(m[2]) : 0.2];
      const r = sar(d.high, d.low, { accel, compat: "ttr" });
      const agree = firstDiff(r, sar(d.high, d.low, { accel }));
      return {
        name: `SAR(HL, ${accel.join(", ")})`,
        columns: { sar: r },
        note: `compat "ttr" (TTR af-cap defect)${agree < 0 ? "" : `; default (capped af) agrees up to row ${agree - 1} (${d.date[agree - 1]})`}`,
      };
    },
  ],
];

function loadInput(path: string): Ohlcv {
  const t = readCsv(path);
  return {
    date: t.text("date"),
    open: t.column("open"),
    high: t.column("high"),
    low: t.column("low"),
    close: t.column("close"),
    volume: t.column("volume"),
  };
}

/**
 * Checks every CSV of one ttr/<DATASET> directory: the input named by manifest.json is loaded,
 * each file name is mapped to an implementation (see RULES) and every column is compared.
 */
export function checkTtrDataset(
  dir: string,
  resolveInput: InputResolver,
  rel: (p: string) => string,
): OracleResult[] {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { input: string };
  const data = loadInput(resolveInput(manifest.input));
  const results: OracleResult[] = [];
  const files = readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort();
  for (const f of files) {
    const file = join(dir, f);
    const key = basename(f, ".csv");
    const rule = RULES.find(([re]) => re.test(key));
    if (!rule) {
      results.push({
        file: rel(file),
        name: key,
        maxError: Number.NaN,
        cells: 0,
        ok: false,
        message: "no implementation for this oracle file",
      });
      continue;
    }
    try {
      const oracle = readCsv(file);
      const got = rule[1](key.match(rule[0])!, data);
      const problems: string[] = [];
      const dates = oracle.text("date");
      if (dates.length !== data.date.length || dates.some((x, i) => x !== data.date[i])) {
        problems.push("oracle dates differ from the input's");
      }
      let maxError = 0;
      let cells = 0;
      for (const col of oracle.header.slice(1)) {
        const ours = got.columns[col];
        if (!ours) {
          problems.push(`column ${col}: not produced`);
          continue;
        }
        const c = compareSeries(ours, oracle.column(col));
        cells += c.cells;
        if (c.maxError > maxError) maxError = c.maxError;
        if (c.problem) problems.push(`${col}: ${c.problem}`);
      }
      const message = [...problems, ...(got.note ? [got.note] : [])].join("; ") || undefined;
      results.push({ file: rel(file), name: got.name, maxError, cells, ok: problems.length === 0, message });
    } catch (err) {
      results.push({
        file: rel(file),
        name: key,
        maxError: Number.NaN,
        cells: 0,
        ok: false,
        message: String(err),
      });
    }
  }
  return results;
}
