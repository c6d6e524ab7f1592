import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import {
  activePremium,
  annualizedReturn,
  annualizedSharpeRatio,
  annualizedStdDev,
  calmarRatio,
  capmAlpha,
  capmBeta,
  downsideDeviation,
  gaussianES,
  gaussianVaR,
  historicalES,
  historicalVaR,
  informationRatio,
  type KurtosisMethod,
  maxDrawdown,
  modifiedVaR,
  omegaRatio,
  painIndex,
  returnsKurtosis,
  returnsSkewness,
  type SkewnessMethod,
  sharpeRatio,
  sortinoRatio,
  trackingError,
  ulcerIndex,
} from "@bullpen/quant/performance";
import { readCsv, withinTolerance } from "./compare.ts";
import type { InputResolver, OracleResult } from "./types.ts";

/** An R argument value after parsing: number, boolean, string, NULL or a symbol (a series name). */
type RValue = number | boolean | string | null | { symbol: string };

interface ParsedCall {
  fn: string;
  positional: RValue[];
  named: Map<string, RValue>;
}

/** Parses `Fn(a, b = 1, c = 'x')  # comment` into its function name and arguments. */
export function parseRCall(call: string): ParsedCall {
  const code = stripComment(call).trim();
  const open = code.indexOf("(");
  if (open < 0 || !code.endsWith(")")) throw new Error(`cannot parse call: ${call}`);
  const fn = code.slice(0, open).trim();
  const inner = code.slice(open + 1, -1);
  const parts: string[] = [];
  let depth = 0;
  let quote = "";
  let cur = "";
  for (const ch of inner) {
    if (quote) {
      if (ch === quote) quote = "";
      cur += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      cur += ch;
    } else if (ch === "(" || ch === "[") {
      depth++;
      cur += ch;
    } else if (ch === ")" || ch === "]") {
      depth--;
      cur += ch;
    } else if (ch === "," && depth === 0) {
      parts.push(cur);
      cur = "";
    } else cur += ch;
  }
  if (cur.trim()) parts.push(cur);
  const positional: RValue[] = [];
  const named = new Map<string, RValue>();
  for (const p of parts) {
    const m = /^\s*([A-Za-z_.][A-Za-z0-9_.]*)\s*=(?!=)\s*(.*)$/s.exec(p);
    if (m) named.set(m[1], parseValue(m[2]));
    else positional.push(parseValue(p));
  }
  return { fn, positional, named };
}

function stripComment(s: string): string {
  let quote = "";
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quote) {
      if (ch === quote) quote = "";
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === "#") return s.slice(0, i);
  }
  return s;
}

function parseValue(text: string): RValue {
  const t = text.trim();
  if (t === "TRUE" || t === "T") return true;
  if (t === "FALSE" || t === "F") return false;
  if (t === "NULL") return null;
  if (/^(['"]).*\1$/s.test(t)) return t.slice(1, -1);
  if (t !== "" && !Number.isNaN(Number(t))) return Number(t);
  return { symbol: t };
}

/** Argument lookup by R's rules used here: by name, else by position among the unnamed ones. */
class Args {
  private readonly call: ParsedCall;
  private readonly formals: string[];
  constructor(call: ParsedCall, formals: string[]) {
    this.call = call;
    this.formals = formals;
    for (const k of call.named.keys()) {
      if (!formals.includes(k)) throw new UnsupportedArg(`argument ${k}`);
    }
    const unnamed = formals.filter((f) => !call.named.has(f));
    if (call.positional.length > unnamed.length) throw new UnsupportedArg("too many arguments");
  }
  get(name: string): RValue | undefined {
    if (this.call.named.has(name)) return this.call.named.get(name);
    const unnamed = this.formals.filter((f) => !this.call.named.has(f));
    const i = unnamed.indexOf(name);
    return i >= 0 && i < this.call.positional.length ? this.call.positional[i] : undefined;
  }
  num(name: string, dflt: number): number {
    const v = this.get(name);
    if (v === undefined) return dflt;
    if (typeof v !== "number") throw new UnsupportedArg(`${name} = ${JSON.stringify(v)}`);
    return v;
  }
  bool(name: string, dflt: boolean): boolean {
    const v = this.get(name);
    if (v === undefined) return dflt;
    if (typeof v !== "boolean") throw new UnsupportedArg(`${name} = ${JSON.stringify(v)}`);
    return v;
  }
  str(name: string, dflt: string): string {
    const v = this.get(name);
    if (v === undefined) return dflt;
    if (typeof v !== "string") throw new UnsupportedArg(`${name} = ${JSON.stringify(v)}`);
    return v;
  }
}

class UnsupportedArg extends Error {}

interface Series {
  Ra: Float64Array;
  Rb?: Float64Array;
  Rf?: Float64Array;
}

/** Resolves a series argument: a symbol Ra/Rb/Rf (the manifest's columns), a number, or the default. */
function series(args: Args, name: string, s: Series, dflt?: number): Float64Array | number {
  const v = args.get(name);
  if (v === undefined) {
    if (dflt === undefined) throw new UnsupportedArg(`missing ${name}`);
    return dflt;
  }
  if (typeof v === "number") return v;
  if (v && typeof v === "object") {
    const found = s[v.symbol as keyof Series];
    if (!found) throw new UnsupportedArg(`unknown series ${v.symbol}`);
    return found;
  }
  throw new UnsupportedArg(`${name} = ${JSON.stringify(v)}`);
}

function vec(x: Float64Array | number, name: string): Float64Array {
  if (typeof x === "number") throw new UnsupportedArg(`${name} must be a series`);
  return x;
}

/** PA's default scale from the data's periodicity: median spacing of the input's dates. */
function inferScale(dates: string[]): number {
  const t = dates.map((d) => Date.parse(d)).filter((x) => !Number.isNaN(x));
  if (t.length < 2) return 12;
  const gaps = t
    .slice(1)
    .map((x, i) => (x - t[i]) / 86_400_000)
    .sort((a, b) => a - b);
  const g = gaps[gaps.length >> 1];
  if (g <= 4) return 252;
  if (g <= 8) return 52;
  if (g <= 40) return 12;
  if (g <= 100) return 4;
  return 1;
}

/** Maps one PerformanceAnalytics call to our implementation; throws UnsupportedArg when it cannot. */
function evaluate(fnColumn: string, call: ParsedCall, s: Series, defaultScale: number): number {
  if (call.fn !== fnColumn) throw new UnsupportedArg(`call ${call.fn} in a ${fnColumn} row`);
  const A = (formals: string[]) => new Args(call, formals);
  switch (call.fn) {
    case "Return.annualized": {
      const a = A(["R", "scale", "geometric"]);
      return annualizedReturn(vec(series(a, "R", s), "R"), {
        scale: a.num("scale", defaultScale),
        geometric: a.bool("geometric", true),
      });
    }
    case "StdDev.annualized": {
      const a = A(["x", "scale"]);
      return annualizedStdDev(vec(series(a, "x", s), "x"), { scale: a.num("scale", defaultScale) });
    }
    case "SharpeRatio.annualized": {
      const a = A(["R", "Rf", "scale", "geometric"]);
      return annualizedSharpeRatio(vec(series(a, "R", s), "R"), {
        rf: series(a, "Rf", s, 0),
        scale: a.num("scale", defaultScale),
        geometric: a.bool("geometric", false), // PA 2.1.0 default
      });
    }
    case "SharpeRatio": {
      const a = A(["R", "Rf", "p", "FUN"]);
      if (a.str("FUN", "StdDev") !== "StdDev") throw new UnsupportedArg("FUN other than StdDev");
      return sharpeRatio(vec(series(a, "R", s), "R"), { rf: series(a, "Rf", s, 0) });
    }
    case "SortinoRatio": {
      const a = A(["R", "MAR"]);
      return sortinoRatio(vec(series(a, "R", s), "R"), { mar: a.num("MAR", 0) });
    }
    case "DownsideDeviation": {
      const a = A(["R", "MAR", "method"]);
      const method = a.str("method", "full");
      if (method !== "full" && method !== "subset") throw new UnsupportedArg(`method ${method}`);
      return downsideDeviation(vec(series(a, "R", s), "R"), { mar: a.num("MAR", 0), method });
    }
    case "maxDrawdown": {
      const a = A(["R", "weights", "geometric", "invert"]);
      if (a.get("weights") !== undefined && a.get("weights") !== null) throw new UnsupportedArg("weights");
      const md = maxDrawdown(vec(series(a, "R", s), "R"), { geometric: a.bool("geometric", true) });
      return a.bool("invert", true) ? md : -md;
    }
    case "CalmarRatio": {
      const a = A(["R", "scale"]);
      return calmarRatio(vec(series(a, "R", s), "R"), { scale: a.num("scale", defaultScale) });
    }
    case "VaR":
    case "ES": {
      const a = A(["R", "p", "method"]);
      const r = vec(series(a, "R", s), "R");
      const p = a.num("p", 0.95);
      const method = a.str("method", "modified");
      if (method === "historical")
        return call.fn === "VaR" ? historicalVaR(r, { p }) : historicalES(r, { p });
      if (method === "gaussian") return call.fn === "VaR" ? gaussianVaR(r, { p }) : gaussianES(r, { p });
      if (method === "modified" && call.fn === "VaR") return modifiedVaR(r, { p });
      throw new UnsupportedArg(`method ${method}`);
    }
    case "ActivePremium":
    case "TrackingError":
    case "InformationRatio": {
      const a = A(["Ra", "Rb", "scale"]);
      const ra = vec(series(a, "Ra", s), "Ra");
      const rb = vec(series(a, "Rb", s), "Rb");
      const scale = a.num("scale", defaultScale);
      if (call.fn === "ActivePremium") return activePremium(ra, rb, { scale });
      if (call.fn === "TrackingError") return trackingError(ra, rb, { scale });
      return informationRatio(ra, rb, { scale });
    }
    case "CAPM.beta":
    case "CAPM.alpha": {
      const a = A(["Ra", "Rb", "Rf", "digits"]);
      const digits = a.get("digits");
      if (digits !== undefined && digits !== null) throw new UnsupportedArg("digits (rounding)");
      const ra = vec(series(a, "Ra", s), "Ra");
      const rb = vec(series(a, "Rb", s), "Rb");
      const rf = series(a, "Rf", s, 0);
      return call.fn === "CAPM.beta" ? capmBeta(ra, rb, { rf }) : capmAlpha(ra, rb, { rf });
    }
    case "Omega": {
      const a = A(["R", "L", "method"]);
      if (a.str("method", "simple") !== "simple") throw new UnsupportedArg("method");
      return omegaRatio(vec(series(a, "R", s), "R"), { threshold: a.num("L", 0) });
    }
    case "UlcerIndex":
    case "PainIndex": {
      const a = A(["R"]);
      const r = vec(series(a, "R", s), "R");
      return call.fn === "UlcerIndex" ? ulcerIndex(r) : painIndex(r);
    }
    case "skewness": {
      const a = A(["x", "method"]);
      const m = a.str("method", "moment");
      if (!["moment", "fisher", "sample"].includes(m)) throw new UnsupportedArg(`method ${m}`);
      return returnsSkewness(vec(series(a, "x", s), "x"), m as SkewnessMethod);
    }
    case "kurtosis": {
      const a = A(["x", "method"]);
      const m = a.str("method", "excess");
      if (!["excess", "moment", "fisher", "sample", "sample_excess"].includes(m))
        throw new UnsupportedArg(`method ${m}`);
      return returnsKurtosis(vec(series(a, "x", s), "x"), m as KurtosisMethod);
    }
    default:
      throw new UnsupportedArg(`function ${call.fn}`);
  }
}

/**
 * Checks one performance oracle CSV (`function,call,value`) against our implementations. The sidecar
 * `<name>.manifest.json` names the input file and its fund (Ra), benchmark (Rb) and risk-free (Rf)
 * columns; each row's R call is parsed and its arguments (scale, geometric, MAR, p, method…) are passed
 * on, so other files in this layout work unchanged. One result per row; unmappable rows fail.
 */
export function checkPerformanceFile(
  file: string,
  resolveInput: InputResolver,
  rel: (p: string) => string,
): OracleResult[] {
  const manifestPath = join(dirname(file), `${basename(file, ".csv")}.manifest.json`);
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    input: string;
    fund: string;
    benchmark?: string;
    rf?: string;
  };
  const input = readCsv(resolveInput(manifest.input));
  const s: Series = { Ra: input.column(manifest.fund) };
  if (manifest.benchmark) s.Rb = input.column(manifest.benchmark);
  if (manifest.rf) s.Rf = input.column(manifest.rf);
  // Blank cells (NA in R) stay NaN: the library's metrics leave them out as PerformanceAnalytics
  // does, so series that start late, stop early or miss a period are checked as they are.

  const defaultScale = input.header.includes("date") ? inferScale(input.text("date")) : 12;
  const table = readCsv(file);
  const fns = table.text("function");
  const calls = table.text("call");
  const values = table.column("value");
  const out: OracleResult[] = [];
  for (let i = 0; i < calls.length; i++) {
    const name = calls[i];
    try {
      const ours = evaluate(fns[i], parseRCall(calls[i]), s, defaultScale);
      const err = Math.abs(ours - values[i]);
      const ok = withinTolerance(ours, values[i]);
      out.push({
        file: rel(file),
        name,
        maxError: err,
        cells: 1,
        ok,
        message: ok ? undefined : `ours ${ours}, oracle ${values[i]}`,
      });
    } catch (err) {
      const msg = err instanceof UnsupportedArg ? `no implementation (${err.message})` : String(err);
      out.push({ file: rel(file), name, maxError: Number.NaN, cells: 0, ok: false, message: msg });
    }
  }
  return out;
}
