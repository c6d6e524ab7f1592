// Where an instrument is listed: ISO 10383 market identifier codes (MICs), their countries (ISO 3166
// alpha-2) and readable names, and the mapping from the old mixed `market` codes (US, KR, NASDAQ,
// KOSPI, FX, ...) to a MIC and a country. Decision record 0004 explains the identity rule.
import { ValidationError } from "../../../platform/errors.ts";
import { marketCalendar } from "../calendars.ts";

export interface Venue {
  mic: string;
  /** Readable name, stored as `exchange`. */
  name: string;
  country: string;
}

/** MIC of instruments without a listing venue (FX and crypto pairs, indices) or whose venue is unknown. */
export const NO_VENUE = "XXXX";

/** The venues Bullpen knows by name (any other well-formed MIC is accepted with a country). */
export const VENUES: readonly Venue[] = [
  { mic: "XNAS", name: "NASDAQ", country: "US" },
  { mic: "XNYS", name: "NYSE", country: "US" },
  { mic: "ARCX", name: "NYSE Arca", country: "US" },
  { mic: "XASE", name: "NYSE American", country: "US" },
  { mic: "BATS", name: "Cboe BZX", country: "US" },
  { mic: "IEXG", name: "IEX", country: "US" },
  // The Korea Exchange: XKRX is its operating MIC and its stock market (KOSPI); KOSDAQ and KONEX
  // are market segments with MICs of their own.
  { mic: "XKRX", name: "KOSPI", country: "KR" },
  { mic: "XKOS", name: "KOSDAQ", country: "KR" },
  { mic: "XKON", name: "KONEX", country: "KR" },
  { mic: "XTKS", name: "Tokyo Stock Exchange", country: "JP" },
  { mic: "XHKG", name: "Hong Kong Exchanges", country: "HK" },
  { mic: "XSHG", name: "Shanghai Stock Exchange", country: "CN" },
  { mic: "XSHE", name: "Shenzhen Stock Exchange", country: "CN" },
  { mic: "XLON", name: "London Stock Exchange", country: "GB" },
  { mic: "XETR", name: "Xetra", country: "DE" },
  { mic: "XFRA", name: "Frankfurt Stock Exchange", country: "DE" },
  { mic: "XPAR", name: "Euronext Paris", country: "FR" },
  { mic: "XAMS", name: "Euronext Amsterdam", country: "NL" },
  { mic: "XSWX", name: "SIX Swiss Exchange", country: "CH" },
  { mic: "XTSE", name: "Toronto Stock Exchange", country: "CA" },
  { mic: "XASX", name: "ASX", country: "AU" },
];
const BY_MIC = new Map(VENUES.map((v) => [v.mic, v]));

/** The known venue of a MIC, or undefined. */
export const venueOf = (mic: string): Venue | undefined => BY_MIC.get(mic);

/** MICs of the Korea Exchange's markets: their listings have 6-digit codes and trade in KRW. */
export const KRX_MICS = ["XKRX", "XKOS", "XKON"] as const;

/**
 * Countries whose one national symbology gives a code to one security across every venue (US
 * consolidated-tape symbols, KRX short codes): there a symbol is unique per country, so a listing
 * entered without its venue can never duplicate one entered with it.
 */
export const NATIONAL_SYMBOLOGY = ["US", "KR"] as const;

/** Exchange names and labels (ours, providers', the old `market` codes) that name one venue. */
const EXCHANGE_NAMES: Record<string, string> = {
  NASDAQ: "XNAS",
  NMS: "XNAS",
  NGM: "XNAS",
  NCM: "XNAS",
  NYSE: "XNYS",
  "NYSE ARCA": "ARCX",
  ARCA: "ARCX",
  PCX: "ARCX",
  AMEX: "XASE",
  "NYSE AMERICAN": "XASE",
  "NYSE MKT": "XASE",
  BATS: "BATS",
  "CBOE BZX": "BATS",
  IEX: "IEXG",
  KRX: "XKRX",
  KOSPI: "XKRX",
  KSE: "XKRX",
  KOSDAQ: "XKOS",
  KSQ: "XKOS",
  KONEX: "XKON",
  INDEX: NO_VENUE,
};

/** The old `market` codes, still accepted as input. */
export const LEGACY_MARKETS = [
  "US",
  "KR",
  "NYSE",
  "NASDAQ",
  "AMEX",
  "KRX",
  "KOSPI",
  "KOSDAQ",
  "FX",
  "CRYPTO",
  "OTHER",
] as const;
export type LegacyMarket = (typeof LEGACY_MARKETS)[number];

/**
 * What a legacy market code says: an exact venue (`mic`), or a country with the venue assumed when
 * none is given (`defaultMic`; none for US, where no one MIC covers the exchanges).
 */
const LEGACY: Record<LegacyMarket, { mic?: string; defaultMic?: string; country?: string | null }> = {
  US: { country: "US" },
  KR: { country: "KR", defaultMic: "XKRX" },
  KRX: { country: "KR", defaultMic: "XKRX" },
  NYSE: { mic: "XNYS" },
  NASDAQ: { mic: "XNAS" },
  AMEX: { mic: "XASE" },
  KOSPI: { mic: "XKRX" },
  KOSDAQ: { mic: "XKOS" },
  FX: { mic: NO_VENUE, country: null },
  CRYPTO: { mic: NO_VENUE, country: null },
  OTHER: {},
};

export const isMic = (s: string): boolean => /^[A-Z0-9]{4}$/.test(s);
export const isCountry = (s: string): boolean => /^[A-Z]{2}$/.test(s);

/** The MIC an exchange label names (a MIC itself, or a known name), or undefined. */
export function micOfExchange(exchange: string | null | undefined): string | undefined {
  if (!exchange) return undefined;
  const e = exchange.trim().toUpperCase();
  if (EXCHANGE_NAMES[e]) return EXCHANGE_NAMES[e];
  if (BY_MIC.has(e)) return e;
  return undefined;
}

export interface ListingInput {
  market?: string | null;
  mic?: string | null;
  exchange?: string | null;
  country?: string | null;
  assetClass?: string | null;
}

export interface Listing {
  mic: string;
  country: string | null;
  /** Readable exchange name. */
  exchange: string | null;
}

/**
 * The MIC, country and exchange name of an instrument from what its creator said: a MIC, an
 * exchange name, or an old `market` code (US, KR, NASDAQ, KOSPI, FX, ...). Contradictions are
 * refused by field name (`input.mic`, `input.country`, `input.market`).
 */
export function resolveListing(v: ListingInput, root = "input"): Listing {
  const market = v.market ? v.market.trim().toUpperCase() : undefined;
  const legacy = market ? LEGACY[market as LegacyMarket] : undefined;
  if (market && !legacy)
    throw new ValidationError(`unknown market ${market} (${LEGACY_MARKETS.join(", ")})`, `${root}.market`);
  let country = v.country ? v.country.trim().toUpperCase() : null;
  if (country && !isCountry(country))
    throw new ValidationError(`${v.country} is not an ISO 3166 alpha-2 country code`, `${root}.country`);
  const givenMic = v.mic ? v.mic.trim().toUpperCase() : undefined;
  if (givenMic && !isMic(givenMic))
    throw new ValidationError(`${v.mic} is not an ISO 10383 MIC (4 letters or digits)`, `${root}.mic`);
  const exchangeMic = micOfExchange(v.exchange);
  if (givenMic && exchangeMic && exchangeMic !== givenMic && v.exchange?.trim().toUpperCase() !== givenMic)
    throw new ValidationError(`exchange ${v.exchange} is not MIC ${givenMic}`, `${root}.exchange`);
  const stated = givenMic ?? exchangeMic;
  if (legacy?.mic && stated && stated !== legacy.mic)
    throw new ValidationError(`market ${market} is not MIC ${stated}`, `${root}.market`);
  let mic = stated ?? legacy?.mic ?? legacy?.defaultMic;
  if (!mic && (legacy?.country || ["fx", "crypto", "index"].includes(v.assetClass ?? ""))) mic = NO_VENUE;
  if (!mic)
    throw new ValidationError(
      "say where it is listed: mic (ISO 10383, e.g. XNAS, XNYS, XKRX, XKOS), exchange or market",
      `${root}.mic`,
    );
  const venue = venueOf(mic);
  if (legacy?.country && venue && venue.country !== legacy.country)
    throw new ValidationError(`market ${market} is not MIC ${mic} (${venue.country})`, `${root}.market`);
  const implied = venue ? venue.country : legacy && "country" in legacy ? legacy.country : undefined;
  if (implied !== undefined) {
    if (country && country !== implied)
      throw new ValidationError(
        implied ? `${mic} is in ${implied}, not ${country}` : `market ${market} has no country`,
        `${root}.country`,
      );
    country = implied;
  }
  if (!venue && mic !== NO_VENUE && !country)
    throw new ValidationError(`MIC ${mic} is not one Bullpen knows: give its country too`, `${root}.country`);
  const named = v.exchange?.trim() || null;
  const exchange = named && named.toUpperCase() !== mic ? named : (venue?.name ?? named);
  return { mic, country, exchange };
}

/**
 * The old `market` code of a listing, still answered for compatibility: FX and CRYPTO for those
 * asset classes, else the country (US, KR, ...), else OTHER. Calendars key on it.
 */
export function legacyMarket(i: { assetClass: string; country: string | null }): string {
  if (i.assetClass === "fx") return "FX";
  if (i.assetClass === "crypto") return "CRYPTO";
  return i.country ?? "OTHER";
}

/** The instrument filter a legacy market code means in searches and lists. */
export function marketFilter(market: string): { mic?: string; country?: string; assetClass?: string } {
  const m = market.trim().toUpperCase();
  if (m === "FX") return { assetClass: "fx" };
  if (m === "CRYPTO") return { assetClass: "crypto" };
  if (m === "US" || m === "KR" || isCountry(m)) return { country: m };
  const mic = micOfExchange(m);
  if (mic && mic !== NO_VENUE) return { mic };
  throw new ValidationError(`unknown market ${market}`, "input.market");
}

/** The trading calendar and time zone of an instrument's market. */
export const calendarOf = (i: { assetClass: string; country: string | null }) =>
  marketCalendar(legacyMarket(i));
