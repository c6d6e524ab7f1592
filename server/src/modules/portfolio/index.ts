// The portfolio module's door: what other modules (journal, trading) and the app may use.
export * from "./engine/index.ts";
