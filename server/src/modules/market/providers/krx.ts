// KRX data portal (data.krx.co.kr) JSON: one stock's daily history (MDCSTAT01701) and the stock finder.
import { z } from "zod";
import { type ProviderHttp, type ProviderResponse, parseJson } from "./http.ts";
import { checkBars, commaNumber, expectShape } from "./shape.ts";
import {
  type BarInterval,
  type HistoryRequest,
  type HistoryResult,
  type MarketDataProvider,
  type ProviderBar,
  ProviderError,
  ProviderNotFoundError,
  type SearchHit,
} from "./types.ts";

const ID = "krx";
const PATH = "/comm/bldAttendant/getJsonData.cmd";

const historySchema = z.object({
  output: z.array(
    z.object({
      TRD_DD: z.string().regex(/^\d{4}\/\d{2}\/\d{2}$/, "expected YYYY/MM/DD"),
      TDD_OPNPRC: z.string(),
      TDD_HGPRC: z.string(),
      TDD_LWPRC: z.string(),
      TDD_CLSPRC: z.string(),
      ACC_TRDVOL: z.string(),
    }),
  ),
});
const finderSchema = z.object({
  block1: z.array(
    z.object({
      full_code: z.string(),
      short_code: z.string(),
      codeName: z.string(),
      marketCode: z.string().optional(),
      marketEngName: z.string().optional(),
    }),
  ),
});

function jsonBody(res: ProviderResponse): unknown {
  // The portal answers "LOGOUT" (HTTP 400) or an HTML page when a request is refused.
  if (res.status >= 400 && !/^\s*[{[]/.test(res.text))
    throw new ProviderError(ID, `HTTP ${res.status}: ${res.text.trim().slice(0, 60) || "(empty body)"}`, {
      httpStatus: res.status,
      retryable: res.status >= 500,
    });
  return parseJson(ID, res);
}

/**
 * KRX's own daily prices for one listed stock (KOSPI/KOSDAQ), by 6-digit code. The history request
 * needs the ISIN (`isuCd`), which the finder (`finder_stkisu`) resolves from the code first. Prices
 * are KRW integers written with thousands separators; dates YYYY/MM/DD (Asia/Seoul trading dates).
 * `adjStkPrc=2` asks for prices adjusted for splits and other capital changes.
 */
export class KrxProvider implements MarketDataProvider {
  readonly id = ID;
  readonly intervals: readonly BarInterval[] = ["1d"];
  private readonly http: ProviderHttp;
  private readonly base: string;

  constructor(http: ProviderHttp, baseUrl: string) {
    this.http = http;
    this.base = baseUrl.replace(/\/$/, "");
  }

  private post<T>(form: Record<string, string>, parse: (body: unknown) => { value: T; records: number }) {
    const body = new URLSearchParams(form).toString();
    return this.http.request(`${this.base}${PATH}`, (res) => parse(jsonBody(res)), {
      method: "POST",
      body,
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=UTF-8",
        referer: `${this.base}/contents/MDC/MDI/mdiLoader/index.cmd?menuId=MDC0201020103`,
        "x-requested-with": "XMLHttpRequest",
      },
    });
  }

  async search(query: string): Promise<SearchHit[]> {
    return this.post(
      {
        bld: "dbms/comm/finder/finder_stkisu",
        locale: "ko_KR",
        mktsel: "ALL",
        typeNo: "0",
        searchText: query,
      },
      (b) => {
        const hits = expectShape(ID, finderSchema, b).block1.map((h) => ({
          symbol: h.short_code,
          name: h.codeName,
          exchange: h.marketEngName ?? null,
          type: "equity",
          currency: "KRW",
          isin: h.full_code,
        }));
        return { value: hits, records: hits.length };
      },
    );
  }

  /** The ISIN of a 6-digit code, from the finder's exact match. */
  async isinOf(code: string): Promise<string> {
    const hits = (await this.search(code)) as (SearchHit & { isin: string })[];
    const hit = hits.find((h) => h.symbol === code);
    if (!hit) throw new ProviderNotFoundError(ID, `${code}: no listed stock with this code`);
    return hit.isin;
  }

  async history(req: HistoryRequest): Promise<HistoryResult> {
    if (req.interval !== "1d") throw new ProviderError(ID, `interval ${req.interval} not supported`);
    if (req.country && req.country !== "KR")
      throw new ProviderError(
        ID,
        `${req.symbol} is listed on ${req.mic ?? req.country}, not the Korea Exchange`,
      );
    if (!/^[0-9A-Z]{6}$/.test(req.symbol))
      throw new ProviderError(ID, `symbol ${req.symbol} is not a 6-character KRX code`);
    const isin = await this.isinOf(req.symbol);
    const bars = await this.post(
      {
        bld: "dbms/MDC/STAT/standard/MDCSTAT01701",
        locale: "ko_KR",
        isuCd: isin,
        isuCd2: req.symbol,
        strtDd: req.from.replaceAll("-", ""),
        endDd: req.to.replaceAll("-", ""),
        adjStkPrc_check: "Y",
        adjStkPrc: "2",
        share: "1",
        money: "1",
        csvxls_isNo: "false",
      },
      (b) => {
        const rows = expectShape(ID, historySchema, b).output;
        const out: ProviderBar[] = [];
        rows.forEach((r, i) => {
          const f = (name: keyof typeof r) => commaNumber(ID, `output.${i}.${name}`, r[name]);
          const [y, m, d] = r.TRD_DD.split("/").map(Number) as [number, number, number];
          const close = f("TDD_CLSPRC");
          const open = f("TDD_OPNPRC");
          const high = f("TDD_HGPRC");
          const low = f("TDD_LWPRC");
          // A suspended day has zero/blank open-high-low; it carries no trade and is skipped.
          if (close === null || open === null || high === null || low === null || open === 0) return;
          out.push({
            ts: Date.UTC(y, m - 1, d),
            open,
            high,
            low,
            close,
            adjClose: null,
            volume: f("ACC_TRDVOL"),
          });
        });
        return { value: out, records: out.length };
      },
    );
    return { bars: checkBars(ID, bars), actions: [], currency: "KRW" };
  }
}
