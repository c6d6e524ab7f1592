// The market module's one door: instruments, bars, corporate actions, FX, universes, watchlists.
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { type Ctx, makeCtx } from "../../platform/context.ts";
import type { Platform } from "../../platform/platform.ts";
import { demoPending, loadDemoData, seedConfiguredInstruments } from "./demo.ts";
import { registerMarketProviders } from "./providers/index.ts";
import { registerMarketReference } from "./reference/index.ts";
import { marketRoutes } from "./routes.ts";

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

export async function registerMarket(app: FastifyInstance, platform: Platform): Promise<void> {
  await marketRoutes(app, platform);
  await registerMarketProviders(app, platform);
  await registerMarketReference(app, platform);
}

/** A ctx for start-up work done by the process itself (no actor, no request). */
function systemCtx(platform: Platform, log: FastifyBaseLogger): Ctx {
  return makeCtx(platform, { origin: "system", log, userAgent: "bullpen-startup" });
}

/**
 * Called by the server after migrations: applies the configured instrument list (every start), and on
 * the first start of an empty embedded database with BULLPEN_DEMO_DATA on, loads the demo data set in
 * the background (the server answers meanwhile). Resolves once the instrument list is applied;
 * `demo` settles when the demo load ends.
 */
export async function startMarket(
  platform: Platform,
  log: FastifyBaseLogger,
  /** True once the server is shutting down: a demo load it cuts short is not an error. */
  stopping: () => boolean = () => false,
): Promise<{ demo: Promise<unknown> }> {
  const ctx = systemCtx(platform, log);
  const seeded = await seedConfiguredInstruments(ctx);
  log.info(seeded, "market: configured instruments applied");
  let demo: Promise<unknown> = Promise.resolve(null);
  if (platform.config.BULLPEN_DEMO_DATA && platform.database.kind === "pglite" && (await demoPending(ctx))) {
    demo = loadDemoData(ctx, (m) => log.info(m)).catch((err) =>
      stopping()
        ? log.info("market: demo data load stopped by the shutdown; the next start finishes it")
        : log.error({ err }, "market: demo data failed to load"),
    );
  }
  return { demo };
}
