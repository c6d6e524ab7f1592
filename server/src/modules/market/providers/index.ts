// The providers half of the market module: adapters, request logging, fetch jobs and admin routes.
import type { FastifyInstance } from "fastify";
import type { Platform } from "../../../platform/platform.ts";
import { registerProviderJobs } from "./jobs.ts";
import { providerRoutes } from "./routes.ts";

export { createProviders, type Providers } from "./registry.ts";
export { FETCH_JOB, fetchFx, fetchInstrument, purgeProviderData } from "./service.ts";
export type { FxProvider, MarketDataProvider } from "./types.ts";
export { ProviderError } from "./types.ts";

/** Registers the provider jobs (refresh schedule, retention) and the admin routes. */
export async function registerMarketProviders(app: FastifyInstance, platform: Platform): Promise<void> {
  await registerProviderJobs(platform.jobs, platform.config.MARKET_REFRESH_CRON);
  await providerRoutes(app, platform);
}
