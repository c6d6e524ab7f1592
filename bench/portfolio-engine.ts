// Portfolio engine benchmark (issue 10): a full recompute — replay of the ledger from zero, holdings,
// then for the overall portfolio and each account (one pass over the days) the daily valuation, TWR,
// MWR, the decomposition (scope and per holding) for the eight standard periods, and the risk
// figures of @bullpen/quant.
//   node bench/portfolio-engine.ts            both cases
//   node bench/portfolio-engine.ts small      1,900 transactions over 8 years (goal < 20 ms)
//   node bench/portfolio-engine.ts large      100,000 transactions, 500 instruments, 20 years (< 1 s, < 500 MB)
// Inputs are generated from a fixed seed and built before timing (transactions as Decimals, prices
// as arrays: what the database layer will hand over); the timings are the engine's alone.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import {
  type Account,
  analyse,
  type MarketData,
  PERIOD_NAMES,
  replay,
  riskFigures,
  type Transaction,
} from "../server/src/modules/portfolio/index.ts";
import { Decimal } from "../server/src/platform/money.ts";

interface Case {
  name: string;
  accounts: Account[];
  rows: Transaction[];
  market: MarketData;
  instruments: number;
  days: number;
}

let seed = 20261207;
const uniform = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (n: number) => Math.floor(uniform() * n);

/** Weekdays from `start` for `years` years, as ISO dates. */
function weekdays(start: string, years: number): string[] {
  const out: string[] = [];
  const t0 = Date.parse(`${start}T00:00:00Z`);
  for (let d = 0; d < Math.round(years * 365.25); d++) {
    const date = new Date(t0 + d * 86_400_000);
    const wd = date.getUTCDay();
    if (wd !== 0 && wd !== 6) out.push(date.toISOString().slice(0, 10));
  }
  return out;
}

export function makeCase(
  name: string,
  o: { transactions: number; instruments: number; years: number; accounts: number },
): Case {
  const dates = weekdays("2006-01-02", o.years).slice(-Math.round(o.years * 261));
  const n = dates.length;
  const foreign = (i: number) => i % 5 === 4; // a fifth in EUR, the rest in USD
  const prices = new Map<string, { dates: string[]; values: Float64Array }>();
  const close: Float64Array[] = [];
  for (let i = 0; i < o.instruments; i++) {
    const v = new Float64Array(n);
    let p = 20 + uniform() * 180;
    for (let d = 0; d < n; d++) {
      p *= 1 + (uniform() - 0.5) * 0.04 + 0.0003;
      v[d] = Math.round(p * 100) / 100;
    }
    close.push(v);
    prices.set(`I${i}`, { dates, values: v });
  }
  const eur = new Float64Array(n);
  let x = 1.2;
  for (let d = 0; d < n; d++) {
    x *= 1 + (uniform() - 0.5) * 0.01;
    eur[d] = Math.round(x * 1e4) / 1e4;
  }
  const accounts: Account[] = Array.from({ length: o.accounts }, (_, a) => ({
    id: `acc${a}`,
    baseCurrency: "USD",
  }));
  const held = Array.from({ length: o.accounts }, () => new Float64Array(o.instruments));
  const rows: Transaction[] = [];
  const perDay = o.transactions / n;
  let k = 0;
  let splits = 0;
  for (let d = 0; d < n && k < o.transactions; d++) {
    const count = Math.floor(perDay) + (uniform() < perDay % 1 ? 1 : 0);
    for (let c = 0; c < count && k < o.transactions; c++) {
      const a = pick(o.accounts);
      const i = pick(o.instruments);
      const cur = foreign(i) ? "EUR" : "USD";
      const fx = new Decimal(foreign(i) ? eur[d] : 1);
      const base = {
        id: `t${++k}`,
        accountId: `acc${a}`,
        date: dates[d],
        origin: { kind: "manual" } as const,
      };
      const r = uniform();
      const q = held[a][i];
      if (r < 0.04 || d === 0) {
        rows.push({
          ...base,
          type: "deposit",
          amount: new Decimal(pick(50) * 1000 + 1000),
          currency: "USD",
          fxRate: new Decimal(1),
        });
      } else if (r < 0.6 || q === 0) {
        const qty = 1 + pick(50);
        rows.push({
          ...base,
          type: "buy",
          instrumentId: `I${i}`,
          quantity: new Decimal(qty),
          price: new Decimal(close[i][d]),
          fee: new Decimal("1.5"),
          currency: cur,
          fxRate: fx,
        });
        held[a][i] += qty;
      } else if (r < 0.85) {
        const qty = Math.max(1, Math.floor(q * uniform()));
        rows.push({
          ...base,
          type: "sell",
          instrumentId: `I${i}`,
          quantity: new Decimal(qty),
          price: new Decimal(close[i][d]),
          fee: new Decimal("1.5"),
          currency: cur,
          fxRate: fx,
        });
        held[a][i] -= qty;
      } else if (r < 0.98 || splits >= 20) {
        const gross = new Decimal(q).times("0.35");
        rows.push({
          ...base,
          type: "dividend",
          instrumentId: `I${i}`,
          amount: gross,
          withholdingTax: gross.times("0.15"),
          currency: cur,
          fxRate: fx,
        });
      } else {
        splits++;
        rows.push({ ...base, type: "split", instrumentId: `I${i}`, ratio: new Decimal(2) });
        held[a][i] *= 2;
      }
    }
  }
  return {
    name,
    accounts,
    rows,
    market: { prices, fx: new Map([["EUR/USD", { dates, values: eur }]]) },
    instruments: o.instruments,
    days: n,
  };
}

type Phase = "replay" | "returns" | "total" | "addOne";
type Timing = Record<Phase, number>;

/** A clock pair: wall time, and this process's CPU time (what other jobs on the machine cannot inflate as much). */
function clock(): { wall: number; cpu: number } {
  const c = process.cpuUsage();
  return { wall: performance.now(), cpu: (c.user + c.system) / 1000 };
}

let added = 0;

/** One full recompute; the wall and CPU time of each phase in ms, and what it computed. */
export function recompute(c: Case): { wall: Timing; cpu: Timing; kept: unknown[] } {
  const t0 = clock();
  const ledger = replay(c.accounts, c.rows);
  const holdings = ledger.holdings();
  const t1 = clock();
  // The overall portfolio and each account, in one pass over the days.
  const all = analyse({
    ledger,
    accounts: c.accounts,
    currency: "USD",
    market: c.market,
    periods: PERIOD_NAMES,
    perAccount: true,
  });
  const kept: unknown[] = [ledger, holdings, all, riskFigures(all.valuation, "max")];
  for (const a of all.accounts) kept.push(riskFigures(a.valuation, "max"));
  const t2 = clock();
  // Adding one transaction (a buy on the last day): the replayed ledger takes it where it stands
  // (no replay from zero for a row dated on or after the last one), then everything shown is
  // recomputed: holdings, and the valuation and returns of the portfolio and each account.
  const last = c.rows[c.rows.length - 1] as Transaction;
  ledger.apply([
    {
      id: `added-${++added}`,
      accountId: last.accountId,
      date: last.date,
      origin: { kind: "manual" },
      type: "buy",
      instrumentId: "I0",
      quantity: new Decimal(1),
      price: new Decimal(10),
      fee: new Decimal(0),
      currency: "USD",
      fxRate: new Decimal(1),
    },
  ]);
  kept.push(ledger.holdings());
  const again = analyse({
    ledger,
    accounts: c.accounts,
    currency: "USD",
    market: c.market,
    periods: PERIOD_NAMES,
    perAccount: true,
  });
  kept.push(again, riskFigures(again.valuation, "max"));
  for (const a of again.accounts) kept.push(riskFigures(a.valuation, "max"));
  const t3 = clock();
  const span = (k: "wall" | "cpu"): Timing => ({
    replay: t1[k] - t0[k],
    returns: t2[k] - t1[k],
    total: t2[k] - t0[k],
    addOne: t3[k] - t2[k],
  });
  return { wall: span("wall"), cpu: span("cpu"), kept };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
const gc = (globalThis as { gc?: () => void }).gc;

if (import.meta.main) main();

function main(): void {
  const wanted = process.argv.slice(2);
  const cases = [
    {
      key: "small",
      goal: 20,
      runs: 21,
      spec: { transactions: 1_900, instruments: 25, years: 8, accounts: 2 },
    },
    {
      key: "large",
      goal: 1000,
      runs: 3,
      spec: { transactions: 100_000, instruments: 500, years: 20, accounts: 2 },
    },
  ].filter((c) => !wanted.length || wanted.includes(c.key));

  console.log(
    `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}${gc ? "" : " (run with --expose-gc to measure the retained heap)"}`,
  );
  console.log(
    "| case | transactions | instruments | valuation days | clock | replay + holdings ms | valuation and returns ms | total ms (median) | total min | goal | add one transaction ms (median) | heap kept MiB | peak RSS MiB |",
  );
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const spec of cases) {
    const c = makeCase(spec.key, spec.spec);
    gc?.();
    const before = process.memoryUsage().heapUsed;
    const first = recompute(c); // also the warm-up
    gc?.();
    const kept = process.memoryUsage().heapUsed - before;
    first.kept.length = 0;
    const runs = Array.from({ length: spec.runs }, () => {
      const r = recompute(c);
      r.kept.length = 0;
      return r;
    });
    for (const k of ["wall", "cpu"] as const) {
      const m = (p: Phase) => median(runs.map((r) => r[k][p])).toFixed(1);
      console.log(
        `| ${spec.key} | ${c.rows.length.toLocaleString("en")} | ${c.instruments} | ${c.days} | ${k} | ${m("replay")} | ${m("returns")} | **${m("total")}** | ${Math.min(...runs.map((r) => r[k].total)).toFixed(1)} | < ${spec.goal} | ${m("addOne")} | ${gc ? mib(kept) : "—"} | ${mib(process.resourceUsage().maxRSS * 1024)} |`,
      );
    }
  }
}
