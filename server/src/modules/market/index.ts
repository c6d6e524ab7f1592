// The market module's one door: instruments, bars, corporate actions, FX, universes, watchlists.
// Its writes are audited: the audit module installs the writer their verbs use.
import "../audit/index.ts";

export { createAction, listActions } from "./actions/service.ts";
export { cumulativeFactors } from "./adjust.ts";
export type { BarsOut, ImportOut, ImportProgress } from "./bars/contracts.ts";
export { importBars, textChunks } from "./bars/import.ts";
// Daily closes of one instrument up to a date, of many at once (the portfolio's valuation reads its
// price series so), and stored bars as plain rows (the hot read).
export {
  type DailyCloseSeries,
  dailyCloseSeries,
  dailyCloses,
  readBars as readBarRows,
} from "./bars/repository.ts";
export { barGaps, barsToCsv, readBars, resampleAndStore } from "./bars/service.ts";
export { findGaps, isTradingDay, marketCalendar, tradingDays } from "./calendars.ts";
export { BarCsvParser, type Interval, type RowError } from "./csv.ts";
export { configuredInstruments, loadDemoData, seedConfiguredInstruments } from "./demo.ts";
// Daily units-per-USD rates since a date: the portfolio builds its FX series (and crosses) from them.
export { usdRateSeriesSince } from "./fx/repository.ts";
export { fxConvert, fxRate, importFxUnitsPerUsd } from "./fx/service.ts";
export { isValidCusip, isValidIsin, isValidSedol } from "./identifiers.ts";
export type { InstrumentInput, InstrumentOut, ResolveInput } from "./instruments/contracts.ts";
// Instrument rows by id in one query: the portfolio checks ledger rows' instruments and currencies.
export { instrumentsByIds } from "./instruments/repository.ts";
export {
  createInstrument,
  findInstrumentBySymbol,
  getInstrument,
  resolveInstrument,
  searchInstruments,
  seedInstruments,
  updateInstrument,
} from "./instruments/service.ts";
export { NO_VENUE, VENUES } from "./instruments/venues.ts";
export type { DefaultWatchlistOut, MarketGlanceOut } from "./overview/contracts.ts";
export { defaultWatchlist, marketGlance, topMovers } from "./overview/service.ts";
export { createProviders, type Providers } from "./providers/registry.ts";
export { FETCH_JOB, fetchFx, fetchInstrument, purgeProviderData } from "./providers/service.ts";
export { ProviderError } from "./providers/types.ts";
export { getQuote, refreshAllQuotes } from "./quotes/service.ts";
export {
  addFundamentals,
  getFundamentals,
  listRegimes,
  macroObservations,
  recomputeRegimes,
  saveMacroSeries,
} from "./reference/service.ts";
export { loadTreasuryCmt } from "./reference/treasury.ts";
/** Daily FX rates: portfolio imports read a file's whole date range of rates in one query. */
export { fxRates, INTERVALS, instruments } from "./schema.ts";
export {
  addUniverseVersion,
  createUniverse,
  listUniverses,
  universeMembersAsOf,
} from "./universes/service.ts";
export {
  createWatchlist,
  deleteWatchlist,
  listWatchlists,
  updateWatchlist,
} from "./watchlists/service.ts";
