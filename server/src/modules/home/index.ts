// The home module's one door.

export type { GuideOut, HomeOut } from "./contracts.ts";
export { collectCards, type HomeContribution, homeService } from "./service.ts";
