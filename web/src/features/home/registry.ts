// The home dashboard's registry: each feature folder exports its cards (by the id the server's module
// declares them with) and the pages of its first-run guide steps. A card or step the server lists but
// this registry lacks is not shown; a module without a server part lists nothing.
import type { ComponentType } from "react";
import { accountGuideSteps, accountHomeCards } from "../account/homeCards.tsx";
import { adminHomeCards } from "../admin/homeCards.tsx";
import { marketGuideSteps, marketHomeCards } from "../market/homeCards.tsx";
import { portfolioGuideSteps, portfolioHomeCards } from "../portfolio/homeCards.tsx";

/** A card's component; `wide` cards take the dashboard's whole width on large screens. */
export interface HomeCardEntry {
  Component: ComponentType;
  wide?: boolean;
}

export const homeCardRegistry: Readonly<Record<string, HomeCardEntry>> = {
  ...portfolioHomeCards,
  ...marketHomeCards,
  ...accountHomeCards,
  ...adminHomeCards,
};

export const guideStepRegistry: Readonly<Record<string, { to: string }>> = {
  ...portfolioGuideSteps,
  ...marketGuideSteps,
  ...accountGuideSteps,
};
