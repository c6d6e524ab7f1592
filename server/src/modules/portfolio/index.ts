// The portfolio module's door: what other modules (journal, trading) and the app may use.
// The journal builds its round-trip trades from the user's accounts and ledger rows (replay order),
// and writes a hand-entered trade's fills through the ledger's own verb (one truth).
export { listAccounts as accountRows } from "./accounts/repository.ts";
export * from "./engine/index.ts";
// Imports: preview an uploaded broker file, commit it to the ledger, undo it (CLI and benchmarks).
export { commitImport, undoImport } from "./imports/commit.ts";
export { previewImport } from "./imports/service.ts";
export { ledgerRows } from "./transactions/repository.ts";
export { addTransaction } from "./transactions/service.ts";
