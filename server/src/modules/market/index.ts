// The market module's one door: instruments, bars, corporate actions, FX, universes, watchlists.

export { cumulativeFactors } from "./adjust.ts";
export { findGaps, isTradingDay, marketCalendar, tradingDays } from "./calendars.ts";
export type { BarsOut, ImportOut, InstrumentInput, InstrumentOut } from "./contracts.ts";
export { BarCsvParser, type Interval, type RowError } from "./csv.ts";
export { configuredInstruments, loadDemoData, seedConfiguredInstruments } from "./demo.ts";
export { isValidCusip, isValidIsin, isValidSedol } from "./identifiers.ts";
export { getQuote, refreshAllQuotes } from "./quotes.ts";
export { INTERVALS, instruments } from "./schema.ts";
export {
  addUniverseVersion,
  barGaps,
  barsToCsv,
  createAction,
  createInstrument,
  createUniverse,
  createWatchlist,
  deleteWatchlist,
  findInstrumentBySymbol,
  fxConvert,
  fxRate,
  getInstrument,
  type ImportProgress,
  importBars,
  importFxUnitsPerUsd,
  listActions,
  listUniverses,
  listWatchlists,
  readBars,
  resampleAndStore,
  searchInstruments,
  seedInstruments,
  textChunks,
  universeMembersAsOf,
  updateInstrument,
  updateWatchlist,
} from "./service.ts";
