// Frankfurter (ECB reference rates): /v1/{from}..{to}?base=USD&symbols=EUR,KRW.
import { z } from "zod";
import { type ProviderHttp, parseJson } from "./http.ts";
import { dateMs, expectShape } from "./shape.ts";
import { type FxPoint, type FxProvider, ProviderError, ProviderNotFoundError } from "./types.ts";

const ID = "frankfurter";
const code = z.string().regex(/^[A-Z]{3}$/);
const rates = z.record(code, z.number().positive());
const seriesSchema = z.object({
  amount: z.number(),
  base: code,
  start_date: z.iso.date(),
  end_date: z.iso.date(),
  rates: z.record(z.iso.date(), rates),
});
const singleSchema = z.object({ amount: z.number(), base: code, date: z.iso.date(), rates });

/**
 * ECB reference rates through Frankfurter. The ECB publishes on TARGET business days only, so a
 * range answers the business days inside it (and may start at the last fixing before `from`).
 * `rate` is units of the quote currency per one unit of base (divided by `amount` when it is not 1).
 */
export class FrankfurterProvider implements FxProvider {
  readonly id = ID;
  private readonly http: ProviderHttp;
  private readonly base: string;

  constructor(http: ProviderHttp, baseUrl: string) {
    this.http = http;
    this.base = baseUrl.replace(/\/$/, "");
  }

  async rates(req: { base: string; quotes?: string[]; from: string; to: string }): Promise<FxPoint[]> {
    const q = new URLSearchParams({ base: req.base });
    if (req.quotes?.length) q.set("symbols", req.quotes.join(","));
    const path = req.from === req.to ? req.from : `${req.from}..${req.to}`;
    const url = `${this.base}/v1/${path}?${q.toString().replaceAll("%2C", ",")}`;
    return this.http.request(url, (res) => {
      const body = parseJson(ID, res);
      if (res.status === 404 || res.status === 422) {
        const msg = (body as { message?: unknown })?.message;
        throw new ProviderNotFoundError(ID, typeof msg === "string" ? msg : `HTTP ${res.status}`, res.status);
      }
      if (res.status >= 400) throw new ProviderError(ID, `HTTP ${res.status}`, { httpStatus: res.status });
      const byDate: Record<string, Record<string, number>> = body &&
      typeof body === "object" &&
      "date" in body
        ? (() => {
            const s = expectShape(ID, singleSchema, body);
            return { [s.date]: s.rates };
          })()
        : expectShape(ID, seriesSchema, body).rates;
      const amount = (body as { amount: number }).amount || 1;
      const base = (body as { base: string }).base;
      const lo = dateMs(req.from);
      const out: FxPoint[] = [];
      for (const [date, rs] of Object.entries(byDate)) {
        // A range starting on a holiday answers the previous fixing too; keep it only for single-day asks.
        if (req.from !== req.to && dateMs(date) < lo) continue;
        for (const [quote, rate] of Object.entries(rs)) out.push({ date, base, quote, rate: rate / amount });
      }
      out.sort((a, b) => a.date.localeCompare(b.date) || a.quote.localeCompare(b.quote));
      return { value: out, records: out.length };
    });
  }
}
