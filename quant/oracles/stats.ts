import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import {
  acf,
  adfTest,
  hurstExponent,
  kurtosis,
  logReturns,
  pacfOls,
  pacfYuleWalker,
  rollingKurtosis,
  rollingMean,
  rollingSkewness,
  rollingStdev,
  skewness,
  wavedec,
} from "@bullpen/quant/stats";
import { compareSeries, readCsv, withinTolerance } from "./compare.ts";
import type { InputResolver, OracleResult } from "./types.ts";

interface Series {
  dates: string[];
  close: Float64Array;
  returns: Float64Array;
}

function loadPrices(path: string): Series {
  const t = readCsv(path);
  const close = t.column("close");
  const dates = t.text("date");
  return { dates, close, returns: logReturns(close) };
}

/** Compares named scalars; one result covering them all. */
function scalars(
  file: string,
  name: string,
  pairs: [string, number, number][],
  rel = 1e-9,
  abs = 1e-10,
): OracleResult {
  let maxError = 0;
  let problem: string | undefined;
  for (const [label, ours, oracle] of pairs) {
    const err = Math.abs(ours - oracle);
    if (!(err <= maxError)) maxError = err;
    if (!withinTolerance(ours, oracle, rel, abs)) problem ??= `${label}: ours ${ours}, oracle ${oracle}`;
  }
  return { file, name, maxError, cells: pairs.length, ok: problem === undefined, message: problem };
}

function series(
  file: string,
  name: string,
  ours: ArrayLike<number>,
  oracle: ArrayLike<number>,
  note?: string,
): OracleResult {
  const c = compareSeries(ours, oracle);
  return { file, name, maxError: c.maxError, cells: c.cells, ok: !c.problem, message: c.problem ?? note };
}

function biasFlag(call: string): boolean {
  const m = /bias\s*=\s*(True|False)/.exec(call);
  if (!m) throw new Error(`cannot read bias= from "${call}"`);
  return m[1] === "True";
}

/** Checks every CSV of one stats/<DATASET> directory (manifest.json names the input prices). */
export function checkStatsDataset(
  dir: string,
  resolveInput: InputResolver,
  rel: (p: string) => string,
): OracleResult[] {
  const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { input: string };
  const data = loadPrices(resolveInput(manifest.input));
  const results: OracleResult[] = [];
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith(".csv"))
    .sort()) {
    const path = join(dir, f);
    const file = rel(path);
    try {
      results.push(...checkFile(basename(f, ".csv"), path, file, data));
    } catch (err) {
      results.push({
        file,
        name: basename(f, ".csv"),
        maxError: Number.NaN,
        cells: 0,
        ok: false,
        message: String(err),
      });
    }
  }
  return results;
}

function checkDates(table: ReturnType<typeof readCsv>, data: Series): string | undefined {
  const dates = table.text("date");
  const expected = data.dates.slice(1);
  if (dates.length !== expected.length) return `${dates.length} rows, ${expected.length} returns`;
  const i = dates.findIndex((d, k) => d !== expected[k]);
  return i >= 0 ? `row ${i}: date ${dates[i]}, expected ${expected[i]}` : undefined;
}

function checkFile(fn: string, path: string, file: string, data: Series): OracleResult[] {
  const t = readCsv(path);
  const r = data.returns;
  let m: RegExpExecArray | null;

  if (fn === "log_returns") {
    const res = series(file, "logReturns", r, t.column("log_return"));
    const bad = checkDates(t, data);
    return [bad ? { ...res, ok: false, message: bad } : res];
  }
  if (fn === "skew" || fn === "kurtosis") {
    const f = fn === "skew" ? skewness : kurtosis;
    const calls = t.text("call");
    const vals = t.column("value");
    return [
      scalars(
        file,
        fn === "skew" ? "skewness (g1, G1)" : "kurtosis (g2, G2)",
        calls.map((c, i) => [c, f(r, { bias: biasFlag(c) }), vals[i]]),
      ),
    ];
  }
  m = /^acf_(\d+)$/.exec(fn);
  if (m) {
    const lags = t.column("lag");
    const ours = acf(r, Number(m[1]));
    return [
      series(
        file,
        `acf(nlags=${m[1]})`,
        Array.from(lags, (k) => ours[k]),
        t.column("acf"),
      ),
    ];
  }
  m = /^pacf_(\d+)_(yw|ywm|yw_adjusted|ols)$/.exec(fn);
  if (m) {
    const nlags = Number(m[1]);
    const ours = m[2] === "ols" ? pacfOls(r, nlags) : pacfYuleWalker(r, nlags, { adjusted: m[2] !== "ywm" });
    const lags = t.column("lag");
    const name = m[2] === "ols" ? `pacfOls(nlags=${nlags})` : `pacfYuleWalker(nlags=${nlags}, ${m[2]})`;
    return [
      series(
        file,
        name,
        Array.from(lags, (k) => ours[k]),
        t.column("pacf"),
      ),
    ];
  }
  m = /^adfuller_(close|returns)$/.exec(fn);
  if (m) {
    const x = m[1] === "close" ? data.close : r;
    const res = adfTest(x);
    const ours: Record<string, number> = {
      adf_stat: res.statistic,
      pvalue: res.pValue,
      usedlag: res.usedLag,
      nobs: res.nobs,
      "crit_1%": res.criticalValues["1%"],
      "crit_5%": res.criticalValues["5%"],
      "crit_10%": res.criticalValues["10%"],
      icbest: res.icBest,
      maxlag_searched: res.maxLag,
    };
    const names = t.text("name");
    const vals = t.column("value");
    return names.map((n, i) => {
      if (!(n in ours))
        return {
          file,
          name: `adfTest ${n}`,
          maxError: Number.NaN,
          cells: 0,
          ok: false,
          message: "unknown field",
        };
      return scalars(file, `adfTest ${n}`, [[n, ours[n], vals[i]]]);
    });
  }
  m = /^wavedec_(haar|db1|db4)_L(\d+)(?:_symmetric)?$/.exec(fn);
  if (m) {
    const wavelet = m[1] as "haar" | "db1" | "db4";
    const level = Number(m[2]);
    const coeffs = wavedec(data.close, wavelet, level);
    const names = [`cA${level}`, ...Array.from({ length: level }, (_, i) => `cD${level - i}`)];
    const arrays = t.text("array");
    const idx = t.column("index");
    const vals = t.column("value");
    return names.map((name, a) => {
      const rows = arrays.flatMap((x, i) => (x === name ? [i] : []));
      const oracle = Float64Array.from(rows, (i) => vals[i]);
      const ours = Float64Array.from(rows, (i) => coeffs[a][idx[i]] ?? Number.NaN);
      const res = series(file, `wavedec ${m?.[1]} ${name}`, ours, oracle);
      if (rows.length !== coeffs[a].length)
        return { ...res, ok: false, message: `length ${coeffs[a].length}, oracle ${rows.length}` };
      return res;
    });
  }
  m = /^rolling(\d+)_(.+)$/.exec(fn);
  if (m) {
    const w = Number(m[1]);
    const fns: Record<string, (x: ArrayLike<number>, w: number) => Float64Array> = {
      mean: rollingMean,
      std: rollingStdev,
      skew: rollingSkewness,
      kurt: rollingKurtosis,
    };
    const bad = checkDates(t, data);
    return t.header
      .filter((h) => h !== "date")
      .map((col) => {
        const f = fns[col];
        if (!f)
          return {
            file,
            name: `rolling ${col}`,
            maxError: Number.NaN,
            cells: 0,
            ok: false,
            message: "no implementation for this column",
          };
        const res = series(
          file,
          `rolling${col[0].toUpperCase()}${col.slice(1)}(${w})`,
          f(r, w),
          t.column(col),
        );
        return bad ? { ...res, ok: false, message: bad } : res;
      });
  }
  m = /^hurstexp(?:_(\d+))?$/.exec(fn);
  if (m) {
    const h = hurstExponent(r, m[1] ? Number(m[1]) : 50) as unknown as Record<string, number>;
    const est = t.text("estimate");
    const vals = t.column("value");
    return est.map((e, i) => {
      if (!(e in h))
        return {
          file,
          name: `hurstExponent ${e}`,
          maxError: Number.NaN,
          cells: 0,
          ok: false,
          message: "unknown estimate",
        };
      return scalars(file, `hurstExponent ${e}`, [[e, h[e], vals[i]]]);
    });
  }
  return [
    {
      file,
      name: fn,
      maxError: Number.NaN,
      cells: 0,
      ok: false,
      message: "no implementation for this oracle file",
    },
  ];
}
