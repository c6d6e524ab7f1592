// Yahoo Finance chart API (v8/finance/chart) and search (v1/finance/search).
import { z } from "zod";
import { type ProviderHttp, parseJson } from "./http.ts";
import { checkBars, dateMs, expectShape } from "./shape.ts";
import {
  type BarInterval,
  type HistoryRequest,
  type HistoryResult,
  type Listing,
  type MarketDataProvider,
  type ProviderAction,
  type ProviderBar,
  ProviderError,
  ProviderNotFoundError,
  type ProviderQuote,
  type SearchHit,
} from "./types.ts";

const ID = "yahoo";
const INTERVAL: Record<BarInterval, string> = {
  "1m": "1m",
  "5m": "5m",
  "15m": "15m",
  "1h": "60m",
  "1d": "1d",
  "1w": "1wk",
};
const numArr = z.array(z.number().nullable());

const chartSchema = z.object({
  chart: z.object({
    result: z
      .array(
        z.object({
          meta: z.object({
            currency: z.string().nullish(),
            symbol: z.string(),
            gmtoffset: z.number().default(0),
            regularMarketPrice: z.number().nullish(),
            regularMarketTime: z.number().nullish(),
            regularMarketVolume: z.number().nullish(),
            chartPreviousClose: z.number().nullish(),
            previousClose: z.number().nullish(),
          }),
          timestamp: z.array(z.number()).optional(),
          events: z
            .object({
              dividends: z.record(z.string(), z.object({ amount: z.number(), date: z.number() })).optional(),
              splits: z
                .record(
                  z.string(),
                  z.object({ date: z.number(), numerator: z.number(), denominator: z.number() }),
                )
                .optional(),
            })
            .optional(),
          indicators: z.object({
            quote: z
              .array(z.object({ open: numArr, high: numArr, low: numArr, close: numArr, volume: numArr }))
              .min(1),
            adjclose: z.array(z.object({ adjclose: numArr })).optional(),
          }),
        }),
      )
      .nullable(),
    error: z.object({ code: z.string(), description: z.string() }).nullable(),
  }),
});

/** Yahoo's suffix by listing venue (MIC). */
const YAHOO_SUFFIX: Record<string, string> = {
  XKRX: ".KS",
  XKOS: ".KQ",
  XTKS: ".T",
  XHKG: ".HK",
  XSHG: ".SS",
  XSHE: ".SZ",
  XLON: ".L",
  XETR: ".DE",
  XFRA: ".F",
  XPAR: ".PA",
  XAMS: ".AS",
  XSWX: ".SW",
  XTSE: ".TO",
  XASX: ".AX",
};

/**
 * Yahoo's symbol: a suffix by venue (KOSPI ".KS", KOSDAQ ".KQ", Tokyo ".T", ...; a Korean listing
 * without its venue ".KS"), FX pairs "=X"; US class shares use "-" (BRK.B → BRK-B).
 */
export function yahooSymbol(l: Listing): string {
  if (l.assetClass === "fx") return `${l.symbol}=X`;
  const suffix = (l.mic && YAHOO_SUFFIX[l.mic]) || (l.country === "KR" ? ".KS" : "");
  if (suffix) return `${l.symbol}${suffix}`;
  return l.symbol.replace(/\.(?=[A-Z]$)/, "-");
}

/**
 * Adapter for Yahoo's chart JSON. Daily and weekly bars are stamped with the trading date in the
 * exchange's zone (timestamp + meta.gmtoffset), intraday bars with the instant Yahoo gives. Null
 * entries (days without trades) are skipped. Dividends and splits come from `events`.
 */
export class YahooProvider implements MarketDataProvider {
  readonly id = ID;
  readonly intervals: readonly BarInterval[] = ["1m", "5m", "15m", "1h", "1d", "1w"];
  private readonly http: ProviderHttp;
  private readonly base: string;

  constructor(http: ProviderHttp, baseUrl: string) {
    this.http = http;
    this.base = baseUrl.replace(/\/$/, "");
  }

  private chart(symbol: string, query: string) {
    const url = `${this.base}/v8/finance/chart/${encodeURIComponent(symbol)}?${query}`;
    return this.http.request(url, (res) => {
      const body = expectShape(ID, chartSchema, parseJson(ID, res));
      const err = body.chart.error;
      if (err) {
        if (err.code === "Not Found" || res.status === 404)
          throw new ProviderNotFoundError(ID, `${symbol}: ${err.description}`, res.status);
        throw new ProviderError(ID, `${err.code}: ${err.description}`, { httpStatus: res.status });
      }
      if (res.status >= 400) throw new ProviderError(ID, `HTTP ${res.status}`, { httpStatus: res.status });
      const result = body.chart.result?.[0];
      if (!result) throw new ProviderNotFoundError(ID, `${symbol}: empty result`, res.status);
      // Records = bars with a close (Yahoo pads days without trades with nulls).
      const closes = result.indicators.quote[0]?.close ?? [];
      return { value: result, records: closes.filter((c) => c !== null).length };
    });
  }

  async history(req: HistoryRequest): Promise<HistoryResult> {
    if (!this.intervals.includes(req.interval))
      throw new ProviderError(ID, `interval ${req.interval} not supported`);
    const p1 = dateMs(req.from) / 1000;
    const p2 = dateMs(req.to) / 1000 + 86_400;
    const sym = yahooSymbol(req);
    const r = await this.chart(
      sym,
      `period1=${p1}&period2=${p2}&interval=${INTERVAL[req.interval]}&events=div%2Csplits&includeAdjustedClose=true`,
    );
    const daily = req.interval === "1d" || req.interval === "1w";
    const q = r.indicators.quote[0] as (typeof r.indicators.quote)[number];
    const adj = r.indicators.adjclose?.[0]?.adjclose;
    const stamps = r.timestamp ?? [];
    for (const k of ["open", "high", "low", "close", "volume"] as const)
      if (q[k].length !== stamps.length)
        throw new ProviderError(
          ID,
          `malformed payload: field chart.result.0.indicators.quote.0.${k}: ${q[k].length} values for ${stamps.length} timestamps`,
        );
    const bars: ProviderBar[] = [];
    for (let i = 0; i < stamps.length; i++) {
      const o = q.open[i];
      const h = q.high[i];
      const l = q.low[i];
      const c = q.close[i];
      if (o == null || h == null || l == null || c == null) continue;
      const t = (stamps[i] as number) * 1000;
      const ts = daily ? Math.floor((t + r.meta.gmtoffset * 1000) / 86_400_000) * 86_400_000 : t;
      bars.push({
        ts,
        open: o,
        high: h,
        low: l,
        close: c,
        adjClose: adj?.[i] ?? null,
        volume: q.volume[i] ?? null,
      });
    }
    const localDate = (sec: number) =>
      new Date(Math.floor((sec * 1000 + r.meta.gmtoffset * 1000) / 86_400_000) * 86_400_000)
        .toISOString()
        .slice(0, 10);
    const actions: ProviderAction[] = [];
    for (const d of Object.values(r.events?.dividends ?? {}))
      actions.push({ type: "dividend", exDate: localDate(d.date), amount: d.amount });
    for (const s of Object.values(r.events?.splits ?? {}))
      actions.push({
        type: "split",
        exDate: localDate(s.date),
        splitTo: s.numerator,
        splitFrom: s.denominator,
      });
    actions.sort((a, b) => a.exDate.localeCompare(b.exDate));
    return { bars: checkBars(ID, bars), actions, currency: r.meta.currency ?? null };
  }

  async actions(req: Omit<HistoryRequest, "interval">): Promise<ProviderAction[]> {
    return (await this.history({ ...req, interval: "1d" })).actions;
  }

  async quote(listing: Listing): Promise<ProviderQuote> {
    const symbol = listing.symbol;
    const r = await this.chart(yahooSymbol(listing), "range=1d&interval=1d");
    const price = r.meta.regularMarketPrice;
    if (price == null || r.meta.regularMarketTime == null)
      throw new ProviderError(ID, "malformed payload: field chart.result.0.meta.regularMarketPrice: missing");
    return {
      symbol,
      price,
      currency: r.meta.currency ?? null,
      asOf: new Date(r.meta.regularMarketTime * 1000).toISOString(),
      previousClose: r.meta.chartPreviousClose ?? r.meta.previousClose ?? null,
      volume: r.meta.regularMarketVolume ?? null,
    };
  }

  async search(query: string): Promise<SearchHit[]> {
    const schema = z.object({
      quotes: z.array(
        z.object({
          symbol: z.string(),
          shortname: z.string().optional(),
          longname: z.string().optional(),
          exchange: z.string().optional(),
          quoteType: z.string().optional(),
        }),
      ),
    });
    const url = `${this.base}/v1/finance/search?q=${encodeURIComponent(query)}&quotesCount=10&newsCount=0`;
    return this.http.request(url, (res) => {
      if (res.status >= 400)
        throw new ProviderError(ID, `search failed with HTTP ${res.status}`, { httpStatus: res.status });
      const body = expectShape(ID, schema, parseJson(ID, res));
      const hits = body.quotes.map((h) => ({
        symbol: h.symbol,
        name: h.longname ?? h.shortname ?? h.symbol,
        exchange: h.exchange ?? null,
        type: h.quoteType ?? null,
        currency: null,
      }));
      return { value: hits, records: hits.length };
    });
  }
}
