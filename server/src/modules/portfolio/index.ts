// The portfolio module's door: what other modules (journal, trading) and the app may use.
export * from "./engine/index.ts";
// Imports: preview an uploaded broker file, commit it to the ledger, undo it (CLI and benchmarks).
export { commitImport, undoImport } from "./imports/commit.ts";
export { previewImport } from "./imports/service.ts";
