// Stooq's CSV download (/q/d/l/) and its light quote CSV (/q/l/).

import { z } from "zod";
import { parseBarTime, zoneOffsetGetter } from "../csv.ts";
import type { ProviderHttp, ProviderResponse } from "./http.ts";
import { checkBars, csvCells, dateMs, expectShape } from "./shape.ts";
import {
  type BarInterval,
  type HistoryRequest,
  type HistoryResult,
  type Listing,
  type MarketDataProvider,
  type ProviderBar,
  ProviderError,
  ProviderNotFoundError,
  type ProviderQuote,
} from "./types.ts";

const ID = "stooq";
const WARSAW = zoneOffsetGetter("Europe/Warsaw");

/** Stooq's suffix by country of listing. */
const STOOQ_SUFFIX: Record<string, string> = { US: ".us", GB: ".uk", JP: ".jp", HK: ".hk", DE: ".de" };

/**
 * Stooq's symbol: lower case with a country suffix for equities ("aapl.us", "vod.uk"); indices keep
 * "^"; FX and crypto pairs as they are.
 */
export function stooqSymbol(l: Listing): string {
  const symbol = l.symbol;
  if (symbol.startsWith("^")) return symbol.toLowerCase();
  if (l.country === "KR")
    throw new ProviderError(ID, `Korean symbols are not available from stooq; use the krx provider`);
  if (l.assetClass === "fx" || l.assetClass === "crypto") return symbol.toLowerCase();
  const suffix = STOOQ_SUFFIX[l.country ?? "US"];
  if (!suffix) throw new ProviderError(ID, `${symbol}: stooq has no listings in ${l.country} (${l.mic})`);
  return `${symbol.toLowerCase().replace(/\./g, "-")}${suffix}`;
}

const compact = (iso: string) => iso.replaceAll("-", "");

/** Throws for Stooq's plain-text answers ("No data", daily hit limit) and HTTP errors. */
function checkText(res: ProviderResponse, symbol: string): string[] {
  const text = res.text.trim();
  if (res.status >= 400) throw new ProviderError(ID, `HTTP ${res.status}`, { httpStatus: res.status });
  if (/^no data/i.test(text)) throw new ProviderNotFoundError(ID, `${symbol}: no data`, res.status);
  if (/exceeded the daily hits limit/i.test(text))
    throw new ProviderError(ID, "daily hits limit exceeded", {
      httpStatus: res.status,
      code: "provider_rate_limited",
      retryable: true,
    });
  return text.split(/\r?\n/);
}

/**
 * Adapter for Stooq's daily/weekly CSV (`Date,Open,High,Low,Close,Volume`; indices may lack Volume).
 * Stooq publishes split-adjusted prices and no separate adjusted close, so `adjClose` is null.
 */
export class StooqProvider implements MarketDataProvider {
  readonly id = ID;
  readonly intervals: readonly BarInterval[] = ["1d", "1w"];
  private readonly http: ProviderHttp;
  private readonly base: string;

  constructor(http: ProviderHttp, baseUrl: string) {
    this.http = http;
    this.base = baseUrl.replace(/\/$/, "");
  }

  async history(req: HistoryRequest): Promise<HistoryResult> {
    if (!this.intervals.includes(req.interval))
      throw new ProviderError(ID, `interval ${req.interval} not supported`);
    const sym = stooqSymbol(req);
    const i = req.interval === "1w" ? "w" : "d";
    const url = `${this.base}/q/d/l/?s=${encodeURIComponent(sym)}&i=${i}&d1=${compact(req.from)}&d2=${compact(req.to)}`;
    const bars = await this.http.request(url, (res) => {
      const lines = checkText(res, sym).filter((l) => l.trim() !== "");
      const header = csvCells(lines[0] ?? "").map((h) => h.trim().toLowerCase());
      const col = (n: string) => header.indexOf(n);
      for (const n of ["date", "open", "high", "low", "close"])
        if (col(n) < 0)
          throw new ProviderError(
            ID,
            `malformed payload: field ${n}: missing from header "${lines[0] ?? ""}"`,
          );
      const out: ProviderBar[] = [];
      for (let r = 1; r < lines.length; r++) {
        const c = csvCells(lines[r] as string);
        const d = dateMs((c[col("date")] ?? "").trim());
        if (Number.isNaN(d))
          throw new ProviderError(
            ID,
            `malformed payload: row ${r + 1} field Date: "${c[col("date")] ?? ""}" is not a date`,
          );
        const num = (n: string) => {
          const v = Number(c[col(n)]);
          if (c[col(n)] === undefined || c[col(n)]?.trim() === "" || !Number.isFinite(v))
            throw new ProviderError(
              ID,
              `malformed payload: row ${r + 1} field ${n}: "${c[col(n)] ?? ""}" is not a number`,
            );
          return v;
        };
        out.push({
          ts: d,
          open: num("open"),
          high: num("high"),
          low: num("low"),
          close: num("close"),
          adjClose: null,
          volume: col("volume") >= 0 ? num("volume") : null,
        });
      }
      return { value: out, records: out.length };
    });
    return { bars: checkBars(ID, bars), actions: [], currency: null };
  }

  async quote(listing: Listing): Promise<ProviderQuote> {
    const symbol = listing.symbol;
    const sym = stooqSymbol(listing);
    const url = `${this.base}/q/l/?s=${encodeURIComponent(sym)}&f=sd2t2ohlcv&h&e=csv`;
    return this.http.request(url, (res) => {
      const lines = checkText(res, sym);
      const header = csvCells(lines[0] ?? "").map((h) => h.trim().toLowerCase());
      const row = csvCells(lines[1] ?? "");
      const get = (n: string) => row[header.indexOf(n)]?.trim() ?? "";
      if (get("close") === "N/D" || get("date") === "N/D")
        throw new ProviderNotFoundError(ID, `${sym}: no quote`, res.status);
      const parsed = expectShape(
        ID,
        z.object({
          date: z.iso.date(),
          time: z.string().regex(/^\d{2}:\d{2}:\d{2}$/),
          close: z.coerce.number().positive(),
          volume: z.coerce.number().nonnegative(),
        }),
        { date: get("date"), time: get("time"), close: get("close"), volume: get("volume") },
      );
      // Stooq stamps quotes in Warsaw local time (CET/CEST).
      return {
        value: {
          symbol,
          price: parsed.close,
          currency: null,
          asOf: new Date(
            parseBarTime(`${parsed.date}T${parsed.time}`, false, WARSAW) as number,
          ).toISOString(),
          previousClose: null,
          volume: parsed.volume,
        },
        records: 1,
      };
    });
  }
}
