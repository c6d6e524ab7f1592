// FX rates for a whole file at once: every stored rate between the currencies it uses over its date
// range is read in one query (repository.fxRatesBetween), then each row's rate in force on its date is
// found in memory — direct pair, inverse, or the cross through USD, as market's fxRate verb does.
import type { Db } from "../../../platform/db/index.ts";
import { Decimal } from "../../../platform/money.ts";
import * as repo from "./repository.ts";

interface Series {
  dates: string[];
  rates: string[];
}

export interface FxFound {
  /** Units of `quote` per one unit of `base`. */
  rate: Decimal;
  /** The date of the (oldest) stored rate used. */
  rateDate: string;
}

export class FxTable {
  readonly #pairs = new Map<string, Series>();

  constructor(rows: readonly repo.FxRow[]) {
    const sorted = [...rows].sort((a, b) => (a.rateDate < b.rateDate ? -1 : a.rateDate > b.rateDate ? 1 : 0));
    for (const r of sorted) {
      const k = `${r.base}/${r.quote}`;
      let s = this.#pairs.get(k);
      if (!s) {
        s = { dates: [], rates: [] };
        this.#pairs.set(k, s);
      }
      s.dates.push(r.rateDate);
      s.rates.push(r.rate);
    }
  }

  /** Loads the rates between `currencies` that rows dated `from`…`to` may need. */
  static async load(db: Db, currencies: Iterable<string>, from: string, to: string): Promise<FxTable> {
    const set = [...new Set([...currencies, "USD"])];
    return new FxTable(await repo.fxRatesBetween(db, set, from, to));
  }

  #asOf(base: string, quote: string, date: string): { rate: string; rateDate: string } | null {
    const s = this.#pairs.get(`${base}/${quote}`);
    if (!s) return null;
    let lo = 0;
    let hi = s.dates.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if ((s.dates[mid] as string) <= date) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found < 0 ? null : { rate: s.rates[found] as string, rateDate: s.dates[found] as string };
  }

  /** Units of `quote` per one `base` in force on `date`, or null when the stored data has none. */
  rate(base: string, quote: string, date: string): FxFound | null {
    if (base === quote) return { rate: new Decimal(1), rateDate: date };
    const direct = this.#asOf(base, quote, date);
    if (direct) return { rate: new Decimal(direct.rate), rateDate: direct.rateDate };
    const inverse = this.#asOf(quote, base, date);
    if (inverse) return { rate: new Decimal(1).div(inverse.rate), rateDate: inverse.rateDate };
    const leg = (c: string) => (c === "USD" ? { rate: "1", rateDate: date } : this.#asOf("USD", c, date));
    const b = leg(base);
    const q = leg(quote);
    if (!b || !q) return null;
    return {
      rate: new Decimal(q.rate).div(b.rate),
      rateDate: [b.rateDate, q.rateDate].sort()[0] as string,
    };
  }
}
