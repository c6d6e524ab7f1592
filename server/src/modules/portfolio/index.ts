// The portfolio module's door. So far it holds the pure engine (ledger replay, valuation, returns);
// the module's manifest, schema and routes come with the module kit.
export * from "./engine/index.ts";
