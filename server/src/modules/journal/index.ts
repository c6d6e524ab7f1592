// The journal module's one door: what other modules may use.

export { tradeStats } from "./playbooks/service.ts";
export type { TradeOut } from "./trades/contracts.ts";
export { listTrades, rebuildTrades } from "./trades/service.ts";
