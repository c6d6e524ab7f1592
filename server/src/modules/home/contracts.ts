// Zod schemas of the home dashboard: the cards and the first-run guide the signed-in user sees.
import { z } from "zod";

export const homeCardOut = z.object({
  id: z.string().describe("`<module>.<card>`; the web app's card registry maps it to a component"),
  module: z.string(),
  order: z.number().int(),
  audience: z.enum(["user", "admin"]),
  dataPath: z.string().nullable().describe("Where the card's data is read (GET), when it has any"),
});
export const guideStepOut = z.object({
  id: z.string().describe("`<module>.<step>`"),
  module: z.string(),
  order: z.number().int(),
  done: z.boolean().describe("From the user's real state (a watchlist exists, two-step sign-in is on …)"),
});
export const guideOut = z.object({
  dismissed: z.boolean(),
  dismissedAt: z.string().nullable(),
  complete: z.boolean().describe("Every step is done"),
  steps: z.array(guideStepOut),
});
export const homeOut = z.object({
  cards: z.array(homeCardOut).describe("In display order; only the modules this server has, for this user"),
  guide: guideOut,
});
export const guideInput = z.object({
  dismissed: z.boolean().describe("true closes the first-run guide for good; false shows it again"),
});

export type HomeOut = z.infer<typeof homeOut>;
export type GuideOut = z.infer<typeof guideOut>;
