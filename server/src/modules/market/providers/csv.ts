// CSV bars from a file (under the data directory's imports/ folder) or an http(s) URL.
import { readFile } from "node:fs/promises";
import { isAbsolute, relative, resolve } from "node:path";
import { BarCsvParser, parseBarTime, zoneOffsetGetter } from "../csv.ts";
import type { ProviderHttp, ProviderSink } from "./http.ts";
import { csvCells } from "./shape.ts";
import {
  type BarInterval,
  type HistoryRequest,
  type HistoryResult,
  type MarketDataProvider,
  type ProviderBar,
  ProviderError,
} from "./types.ts";

const ID = "csv";
const ALIASES: Record<string, string> = {
  timestamp: "date",
  time: "date",
  datetime: "date",
  "adj close": "adj_close",
  adjclose: "adj_close",
  "adj. close": "adj_close",
  adjusted_close: "adj_close",
};

/**
 * Reads `date,open,high,low,close[,adj_close],volume` CSV with the module's validating parser. The
 * location is `req.location`: an http(s) URL, or a path relative to `fileRoot` (paths escaping it
 * are refused). Any rejected row fails the whole fetch with the row numbers, so nothing partial lands.
 */
export class CsvProvider implements MarketDataProvider {
  readonly id = ID;
  readonly intervals: readonly BarInterval[] = ["1m", "5m", "15m", "1h", "1d", "1w"];
  private readonly http: ProviderHttp;
  private readonly fileRoot: string;
  private readonly sink: ProviderSink | null;

  constructor(http: ProviderHttp, fileRoot: string, sink: ProviderSink | null) {
    this.http = http;
    this.fileRoot = resolve(fileRoot);
    this.sink = sink;
  }

  async history(req: HistoryRequest & { location?: string; timeZone?: string }): Promise<HistoryResult> {
    const loc = req.location;
    if (!loc) throw new ProviderError(ID, "a location (file path or URL) is required", { status: 400 });
    const parse = (text: string) => {
      const p = new BarCsvParser({ interval: req.interval, timeZone: req.timeZone ?? "UTC" });
      p.push(text);
      p.end();
      if (p.fatal || p.rejected > 0) {
        const first = p.errors
          .slice(0, 5)
          .map((e) => `row ${e.row}: ${e.message}`)
          .join("; ");
        throw new ProviderError(ID, `${p.rejected || "header"} rejected: ${first}`, {
          code: "provider_bad_data",
        });
      }
      // The parser validated every row; read the values back from the text by header position.
      const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
      const header = csvCells(lines[0] ?? "").map((h) => {
        const k = h.trim().toLowerCase();
        return ALIASES[k] ?? k;
      });
      const at = (n: string) => header.indexOf(n);
      const zone = zoneOffsetGetter(req.timeZone ?? "UTC");
      const daily = req.interval === "1d" || req.interval === "1w";
      const bars: ProviderBar[] = [];
      for (const line of lines.slice(1)) {
        const c = csvCells(line).map((x) => x.trim());
        const n = (name: string) => {
          const i = at(name);
          const v = i < 0 ? "" : (c[i] ?? "");
          return v === "" ? null : Number(v);
        };
        bars.push({
          ts: parseBarTime(c[at("date")] ?? "", daily, zone) as number,
          open: n("open") as number,
          high: n("high") as number,
          low: n("low") as number,
          close: n("close") as number,
          adjClose: n("adj_close"),
          volume: n("volume"),
        });
      }
      bars.sort((a, b) => a.ts - b.ts);
      const lo = Date.parse(`${req.from}T00:00:00Z`);
      const hi = Date.parse(`${req.to}T00:00:00Z`) + 86_400_000;
      return bars.filter((b) => b.ts >= lo && b.ts < hi);
    };
    let bars: ProviderBar[];
    if (/^https?:\/\//i.test(loc)) {
      bars = await this.http.request(loc, (res) => {
        if (res.status >= 400) throw new ProviderError(ID, `HTTP ${res.status}`, { httpStatus: res.status });
        const value = parse(res.text);
        return { value, records: value.length };
      });
    } else {
      const path = resolve(this.fileRoot, loc);
      const rel = relative(this.fileRoot, path);
      if (rel.startsWith("..") || isAbsolute(rel))
        throw new ProviderError(ID, `file ${loc} is outside the import folder ${this.fileRoot}`, {
          code: "provider_bad_request",
        });
      const started = new Date();
      const t0 = performance.now();
      let error: string | null = null;
      bars = [];
      try {
        bars = parse(
          await readFile(path, "utf8").catch((e: NodeJS.ErrnoException) => {
            throw new ProviderError(ID, `cannot read ${loc}: ${e.code ?? e.message}`);
          }),
        );
      } catch (err) {
        error = (err as Error).message;
        throw err;
      } finally {
        await this.sink?.log({
          sourceName: ID,
          endpoint: `file:${rel}`,
          requestedAt: started,
          statusCode: null,
          recordsFetched: error ? null : bars.length,
          errorMessage: error,
          durationMs: Math.round(performance.now() - t0),
        });
      }
    }
    return { bars, actions: [], currency: null };
  }
}
