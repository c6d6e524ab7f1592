// The one HTTP client every adapter uses: timeout, User-Agent, retries with backoff for transient
// failures, and a log row (data_source_log) plus a raw payload (raw_data_cache) for every request.
import { ProviderError } from "./types.ts";

export interface RequestLog {
  sourceName: string;
  endpoint: string;
  requestedAt: Date;
  statusCode: number | null;
  recordsFetched: number | null;
  errorMessage: string | null;
  durationMs: number;
}

export interface RawPayload {
  sourceName: string;
  cacheKey: string;
  endpoint: string;
  contentType: string | null;
  /** Parsed JSON, when the body was JSON. */
  json: unknown;
  text: string | null;
  fetchedAt: Date;
}

/** Where request logs and raw payloads go (the database in the product). */
export interface ProviderSink {
  log(entry: RequestLog): Promise<void>;
  cache(payload: RawPayload): Promise<void>;
}

export interface HttpSettings {
  timeoutMs: number;
  retries: number;
  userAgent: string;
  /** First retry delay; doubles per retry (default 250 ms). */
  retryBaseMs?: number;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

export interface ProviderResponse {
  status: number;
  contentType: string | null;
  text: string;
}

/** Query parameters whose values are secrets and never logged. */
const SECRET_PARAMS = /^(apikey|api_key|token|access_key|key)$/i;

/** The URL with credentials replaced by "***", for logs. */
export function redactUrl(url: string): string {
  const u = new URL(url);
  for (const k of [...u.searchParams.keys()]) if (SECRET_PARAMS.test(k)) u.searchParams.set(k, "***");
  u.username = "";
  u.password = "";
  return u.toString();
}

const sleepMs = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * One provider's HTTP access. `fetchText` retries network errors, timeouts, 429 and 5xx up to
 * `retries` times with exponential backoff (base·2^k, honouring Retry-After up to 30 s), logging each
 * attempt. The caller parses the body and then calls `record(records)` or `fail(error)` so the log
 * row carries the parsed record count or the parse error.
 */
export class ProviderHttp {
  readonly source: string;
  private readonly settings: HttpSettings;
  private readonly sink: ProviderSink | null;

  constructor(source: string, settings: HttpSettings, sink: ProviderSink | null) {
    this.source = source;
    this.settings = settings;
    this.sink = sink;
  }

  /**
   * Fetches `url` and hands the body to `parse`; logs the request with the record count `parse`
   * reports, or with its error. Non-2xx statuses are passed to `parse` too (providers put error
   * details in the body), after transient ones have been retried.
   */
  async request<T>(
    url: string,
    parse: (res: ProviderResponse) => { value: T; records: number },
    init: {
      method?: "GET" | "POST";
      body?: string;
      headers?: Record<string, string>;
      cacheKey?: string;
    } = {},
  ): Promise<T> {
    const endpoint = redactUrl(url);
    const now = this.settings.now ?? (() => new Date());
    const sleep = this.settings.sleep ?? sleepMs;
    const base = this.settings.retryBaseMs ?? 250;
    for (let attempt = 0; ; attempt++) {
      const started = now();
      const t0 = performance.now();
      let res: ProviderResponse | null = null;
      let retryAfterMs: number | null = null;
      try {
        const r = await fetch(url, {
          method: init.method ?? "GET",
          body: init.body,
          headers: { "user-agent": this.settings.userAgent, accept: "*/*", ...init.headers },
          signal: AbortSignal.timeout(this.settings.timeoutMs),
          redirect: "follow",
        });
        const text = await r.text();
        res = { status: r.status, contentType: r.headers.get("content-type"), text };
        const ra = Number(r.headers.get("retry-after"));
        if (Number.isFinite(ra) && ra > 0) retryAfterMs = Math.min(30_000, ra * 1000);
      } catch (err) {
        const e = err as Error;
        const timedOut = e.name === "TimeoutError" || e.name === "AbortError";
        const message = timedOut
          ? `request timed out after ${this.settings.timeoutMs} ms`
          : `request failed: ${(e.cause as Error | undefined)?.message ?? e.message}`;
        await this.writeLog(endpoint, started, t0, null, null, message);
        if (attempt < this.settings.retries) {
          await sleep(base * 2 ** attempt);
          continue;
        }
        throw new ProviderError(this.source, message, { retryable: true });
      }
      const transient = res.status === 429 || res.status >= 500;
      if (transient && attempt < this.settings.retries) {
        await this.writeLog(endpoint, started, t0, res.status, null, `HTTP ${res.status} (retrying)`);
        await sleep(retryAfterMs ?? base * 2 ** attempt);
        continue;
      }
      await this.writeCache(
        endpoint,
        init.cacheKey ?? `${init.method ?? "GET"} ${endpoint} ${init.body ?? ""}`,
        res,
        started,
      );
      try {
        const { value, records } = parse(res);
        await this.writeLog(endpoint, started, t0, res.status, records, null);
        return value;
      } catch (err) {
        const pe =
          err instanceof ProviderError
            ? err
            : new ProviderError(this.source, `could not read the response: ${(err as Error).message}`);
        await this.writeLog(endpoint, started, t0, res.status, null, pe.message);
        if (transient) (pe as { retryable: boolean }).retryable = true;
        throw pe;
      }
    }
  }

  private async writeLog(
    endpoint: string,
    started: Date,
    t0: number,
    statusCode: number | null,
    records: number | null,
    errorMessage: string | null,
  ): Promise<void> {
    await this.sink?.log({
      sourceName: this.source,
      endpoint,
      requestedAt: started,
      statusCode,
      recordsFetched: records,
      errorMessage,
      durationMs: Math.round(performance.now() - t0),
    });
  }

  private async writeCache(endpoint: string, cacheKey: string, res: ProviderResponse, fetchedAt: Date) {
    if (!this.sink) return;
    let json: unknown = null;
    let text: string | null = res.text;
    if (res.contentType?.includes("json") || /^\s*[[{]/.test(res.text)) {
      try {
        json = JSON.parse(res.text);
        text = null;
      } catch {
        json = null;
      }
    }
    await this.sink.cache({
      sourceName: this.source,
      cacheKey,
      endpoint,
      contentType: res.contentType,
      json,
      text,
      fetchedAt,
    });
  }
}

/** Parses JSON or throws a ProviderError naming the provider. */
export function parseJson(provider: string, res: ProviderResponse): unknown {
  try {
    return JSON.parse(res.text);
  } catch {
    const head = res.text.slice(0, 80).replace(/\s+/g, " ");
    throw new ProviderError(
      provider,
      `expected JSON (HTTP ${res.status}) but got: ${head || "(empty body)"}`,
      {
        httpStatus: res.status,
      },
    );
  }
}
