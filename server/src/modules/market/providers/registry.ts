// Builds the configured adapters. Nothing network-bound is enabled unless MARKET_PROVIDERS names it;
// the CSV adapter (files and URLs) is always available, so the product works offline.
import { join } from "node:path";
import type { Config } from "../../../config.ts";
import { AlphaVantageProvider } from "./alphavantage.ts";
import { CsvProvider } from "./csv.ts";
import { FrankfurterProvider } from "./frankfurter.ts";
import { type HttpSettings, ProviderHttp, type ProviderSink } from "./http.ts";
import { KrxProvider } from "./krx.ts";
import { StooqProvider } from "./stooq.ts";
import { type FxProvider, type Listing, type MarketDataProvider, ProviderError } from "./types.ts";
import { YahooProvider } from "./yahoo.ts";

export const BAR_PROVIDERS = ["csv", "yahoo", "stooq", "alphavantage", "krx"] as const;
export const FX_PROVIDERS = ["frankfurter"] as const;
export const ALL_PROVIDERS = [...BAR_PROVIDERS, ...FX_PROVIDERS] as const;
export type ProviderId = (typeof ALL_PROVIDERS)[number];

export interface Providers {
  bars(id: string): MarketDataProvider;
  fx(id: string): FxProvider;
  enabled: readonly string[];
  /** The provider the scheduled refresh uses for a listing, or null when none is enabled for it. */
  forListing(listing: Pick<Listing, "country" | "assetClass">): MarketDataProvider | null;
}

/** Folder that file-based CSV fetches may read from. */
export const csvImportRoot = (config: Config) => join(config.dataDir, "imports");

export function createProviders(
  config: Config,
  sink: ProviderSink | null,
  overrides: Partial<HttpSettings> = {},
): Providers {
  const settings: HttpSettings = {
    timeoutMs: config.MARKET_HTTP_TIMEOUT_MS,
    retries: config.MARKET_HTTP_RETRIES,
    userAgent: config.MARKET_USER_AGENT,
    ...overrides,
  };
  const http = (id: string) => new ProviderHttp(id, settings, sink);
  const enabled = config.MARKET_PROVIDERS;
  const unknown = enabled.filter((p) => !(ALL_PROVIDERS as readonly string[]).includes(p));
  if (unknown.length)
    throw new Error(
      `MARKET_PROVIDERS: unknown provider ${unknown.join(", ")} (known: ${ALL_PROVIDERS.join(", ")})`,
    );
  const cache = new Map<string, MarketDataProvider | FxProvider>();
  const need = (id: string) => {
    if (id !== "csv" && !enabled.includes(id))
      throw new ProviderError(
        id,
        `provider is not enabled; add it to MARKET_PROVIDERS (enabled: ${enabled.join(", ") || "none, offline"})`,
        {
          code: "provider_disabled",
          status: 400,
        },
      );
  };
  const build = (id: string): MarketDataProvider | FxProvider => {
    switch (id) {
      case "csv":
        return new CsvProvider(http("csv"), csvImportRoot(config), sink);
      case "yahoo":
        return new YahooProvider(http("yahoo"), config.MARKET_YAHOO_URL);
      case "stooq":
        return new StooqProvider(http("stooq"), config.MARKET_STOOQ_URL);
      case "alphavantage":
        if (!config.MARKET_ALPHAVANTAGE_KEY)
          throw new ProviderError("alphavantage", "MARKET_ALPHAVANTAGE_KEY is not set", {
            code: "provider_disabled",
          });
        return new AlphaVantageProvider(
          http("alphavantage"),
          config.MARKET_ALPHAVANTAGE_URL,
          config.MARKET_ALPHAVANTAGE_KEY,
        );
      case "krx":
        return new KrxProvider(http("krx"), config.MARKET_KRX_URL);
      case "frankfurter":
        return new FrankfurterProvider(http("frankfurter"), config.MARKET_FRANKFURTER_URL);
      default:
        throw new ProviderError(id, "unknown provider", { code: "provider_unknown", status: 400 });
    }
  };
  const get = (id: string) => {
    need(id);
    let p = cache.get(id);
    if (!p) {
      p = build(id);
      cache.set(id, p);
    }
    return p;
  };
  return {
    enabled,
    bars(id) {
      if (!(BAR_PROVIDERS as readonly string[]).includes(id))
        throw new ProviderError(id, "not a bar provider", { code: "provider_unknown", status: 400 });
      return get(id) as MarketDataProvider;
    },
    fx(id) {
      if (!(FX_PROVIDERS as readonly string[]).includes(id))
        throw new ProviderError(id, "not an FX provider", { code: "provider_unknown", status: 400 });
      return get(id) as FxProvider;
    },
    forListing(listing) {
      const order =
        listing.country === "KR"
          ? ["krx", "yahoo"]
          : listing.assetClass === "fx" || listing.assetClass === "crypto"
            ? []
            : ["yahoo", "stooq", "alphavantage"];
      for (const id of order) {
        if (!enabled.includes(id)) continue;
        if (id === "alphavantage" && !config.MARKET_ALPHAVANTAGE_KEY) continue;
        return get(id) as MarketDataProvider;
      }
      return null;
    },
  };
}
