// Alpha Vantage: TIME_SERIES_DAILY_ADJUSTED, SYMBOL_SEARCH and GLOBAL_QUOTE (JSON).
import { z } from "zod";
import { type ProviderHttp, type ProviderResponse, parseJson } from "./http.ts";
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

const ID = "alphavantage";
const numStr = z.string().regex(/^-?\d+(\.\d+)?$/, "expected a decimal number string");

/**
 * Alpha Vantage answers HTTP 200 for everything; errors are in the body. "Note" and "Information"
 * are its rate-limit / plan messages (retryable later), "Error Message" a bad call or symbol.
 */
function bodyOf(res: ProviderResponse): Record<string, unknown> {
  if (res.status >= 400)
    throw new ProviderError(ID, `HTTP ${res.status}`, {
      httpStatus: res.status,
      retryable: res.status >= 500,
    });
  const body = parseJson(ID, res);
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new ProviderError(ID, "malformed payload: field (root): expected an object");
  const b = body as Record<string, unknown>;
  for (const k of ["Note", "Information"])
    if (typeof b[k] === "string")
      throw new ProviderError(ID, `rate limited: ${b[k]}`, {
        code: "provider_rate_limited",
        retryable: true,
        httpStatus: res.status,
      });
  if (typeof b["Error Message"] === "string")
    throw new ProviderError(ID, b["Error Message"] as string, { httpStatus: res.status });
  return b;
}

const dailySchema = z.object({
  "Meta Data": z.object({ "2. Symbol": z.string() }),
  "Time Series (Daily)": z.record(
    z.string(),
    z.object({
      "1. open": numStr,
      "2. high": numStr,
      "3. low": numStr,
      "4. close": numStr,
      "5. adjusted close": numStr,
      "6. volume": numStr,
      "7. dividend amount": numStr,
      "8. split coefficient": numStr,
    }),
  ),
});

/** Alpha Vantage's suffix by venue (MIC); US listings have none. */
const AV_SUFFIX: Record<string, string> = {
  XLON: ".LON",
  XTSE: ".TRT",
  XETR: ".DEX",
  XSHG: ".SHH",
  XSHE: ".SHZ",
};

/** Alpha Vantage's symbol: US listings as they are, a few venues with a suffix, others refused. */
export function alphaVantageSymbol(l: Listing): string {
  if (!l.country || l.country === "US") return l.symbol;
  const suffix = l.mic ? AV_SUFFIX[l.mic] : undefined;
  if (!suffix)
    throw new ProviderError(
      ID,
      `${l.symbol}: no ${l.mic ?? l.country} listings${l.country === "KR" ? "; use the krx provider" : ""}`,
    );
  return `${l.symbol}${suffix}`;
}

/** Adapter for Alpha Vantage (daily adjusted series with dividend and split events). */
export class AlphaVantageProvider implements MarketDataProvider {
  readonly id = ID;
  readonly intervals: readonly BarInterval[] = ["1d"];
  private readonly http: ProviderHttp;
  private readonly base: string;
  private readonly key: string;

  constructor(http: ProviderHttp, baseUrl: string, apiKey: string) {
    this.http = http;
    this.base = baseUrl.replace(/\/$/, "");
    this.key = apiKey;
  }

  private url(params: Record<string, string>): string {
    const q = new URLSearchParams({ ...params, apikey: this.key });
    return `${this.base}/query?${q}`;
  }

  async history(req: HistoryRequest): Promise<HistoryResult> {
    if (req.interval !== "1d") throw new ProviderError(ID, `interval ${req.interval} not supported`);
    // "compact" is the last 100 points; anything reaching further back needs "full".
    const ageDays = (Date.now() - dateMs(req.from)) / 86_400_000;
    const url = this.url({
      function: "TIME_SERIES_DAILY_ADJUSTED",
      symbol: alphaVantageSymbol(req),
      outputsize: ageDays > 140 ? "full" : "compact",
    });
    const lo = dateMs(req.from);
    const hi = dateMs(req.to);
    return this.http.request(url, (res) => {
      const body = expectShape(ID, dailySchema, bodyOf(res));
      const bars: ProviderBar[] = [];
      const actions: ProviderAction[] = [];
      for (const [day, v] of Object.entries(body["Time Series (Daily)"])) {
        const ts = dateMs(day);
        if (Number.isNaN(ts))
          throw new ProviderError(ID, `malformed payload: field Time Series (Daily).${day}: not a date`);
        if (ts < lo || ts > hi) continue;
        bars.push({
          ts,
          open: Number(v["1. open"]),
          high: Number(v["2. high"]),
          low: Number(v["3. low"]),
          close: Number(v["4. close"]),
          adjClose: Number(v["5. adjusted close"]),
          volume: Number(v["6. volume"]),
        });
        const div = Number(v["7. dividend amount"]);
        if (div > 0) actions.push({ type: "dividend", exDate: day, amount: div });
        const coef = Number(v["8. split coefficient"]);
        if (coef !== 1 && coef > 0) actions.push({ type: "split", exDate: day, splitTo: coef, splitFrom: 1 });
      }
      actions.sort((a, b) => a.exDate.localeCompare(b.exDate));
      return { value: { bars: checkBars(ID, bars), actions, currency: null }, records: bars.length };
    });
  }

  async actions(req: Omit<HistoryRequest, "interval">): Promise<ProviderAction[]> {
    return (await this.history({ ...req, interval: "1d" })).actions;
  }

  async quote(listing: Listing): Promise<ProviderQuote> {
    const symbol = alphaVantageSymbol(listing);
    const schema = z.object({
      "Global Quote": z.object({
        "01. symbol": z.string(),
        "05. price": numStr,
        "06. volume": numStr,
        "07. latest trading day": z.iso.date(),
        "08. previous close": numStr,
      }),
    });
    return this.http.request(this.url({ function: "GLOBAL_QUOTE", symbol }), (res) => {
      const body = bodyOf(res);
      const gq = body["Global Quote"];
      if (gq && typeof gq === "object" && Object.keys(gq).length === 0)
        throw new ProviderNotFoundError(ID, `${symbol}: no quote`);
      const q = expectShape(ID, schema, body)["Global Quote"];
      return {
        value: {
          symbol,
          price: Number(q["05. price"]),
          currency: null,
          asOf: `${q["07. latest trading day"]}T00:00:00.000Z`,
          previousClose: Number(q["08. previous close"]),
          volume: Number(q["06. volume"]),
        },
        records: 1,
      };
    });
  }

  async search(query: string): Promise<SearchHit[]> {
    const schema = z.object({
      bestMatches: z.array(
        z.object({
          "1. symbol": z.string(),
          "2. name": z.string(),
          "3. type": z.string(),
          "4. region": z.string(),
          "8. currency": z.string(),
        }),
      ),
    });
    return this.http.request(this.url({ function: "SYMBOL_SEARCH", keywords: query }), (res) => {
      const hits = expectShape(ID, schema, bodyOf(res)).bestMatches.map((m) => ({
        symbol: m["1. symbol"],
        name: m["2. name"],
        exchange: m["4. region"],
        type: m["3. type"],
        currency: m["8. currency"],
      }));
      return { value: hits, records: hits.length };
    });
  }
}
