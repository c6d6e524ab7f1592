// The providers half of the market module: adapters, request logging, fetch jobs and admin routes.

export { createProviders, type Providers } from "./registry.ts";
export { FETCH_JOB, fetchFx, fetchInstrument, purgeProviderData } from "./service.ts";
export type { FxProvider, MarketDataProvider } from "./types.ts";
export { ProviderError } from "./types.ts";
