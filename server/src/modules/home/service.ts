// The home dashboard's verbs over what the modules declare (ModuleRuntime.home): the cards the
// signed-in user may see, the first-run guide's steps ticked from each module's real state, and the
// user's choice to close the guide.
import "../audit/index.ts";
import type { Actor, Ctx } from "../../platform/context.ts";
import type { HomeCard, ModuleHome } from "../../platform/module.ts";
import { defineVerb } from "../../platform/verb.ts";
import { type GuideOut, guideInput, type HomeOut } from "./contracts.ts";
import * as repo from "./repository.ts";

/** A module's home declaration with the module's name. */
export interface HomeContribution {
  module: string;
  home: ModuleHome;
}

export const cardDataPath = (id: string) => `/api/home/cards/${id}`;
const CARD_ID = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/;

/** The cards of every module in display order; refuses two cards with one id or a malformed id. */
export function collectCards(homes: readonly HomeContribution[]): { module: string; card: HomeCard }[] {
  const all = homes.flatMap(({ module, home }) => (home.cards ?? []).map((card) => ({ module, card })));
  const seen = new Set<string>();
  for (const { module, card } of all) {
    if (!CARD_ID.test(card.id) || !card.id.startsWith(`${module}.`))
      throw new Error(`home card ${card.id} of module ${module}: the id must be "${module}.<card>"`);
    if (seen.has(card.id)) throw new Error(`home card ${card.id} is declared twice`);
    seen.add(card.id);
  }
  return all.sort((a, b) => a.card.order - b.card.order || a.card.id.localeCompare(b.card.id));
}

export const mayView = (actor: Pick<Actor, "role">, card: HomeCard) =>
  (card.audience ?? "user") === "user" || actor.role === "admin";

async function guideOf(ctx: Ctx, userId: string, homes: readonly HomeContribution[]): Promise<GuideOut> {
  const [row, ...lists] = await Promise.all([
    repo.findUserHome(ctx.db, userId),
    ...homes.map(async ({ module, home }) =>
      ((await home.guide?.(ctx)) ?? []).map((s) => ({ id: s.id, module, order: s.order, done: s.done })),
    ),
  ]);
  const steps = lists.flat().sort((a, b) => a.order - b.order || a.id.localeCompare(b.id));
  const dismissedAt = row?.guideDismissedAt ?? null;
  return {
    dismissed: dismissedAt !== null,
    dismissedAt: dismissedAt ? dismissedAt.toISOString() : null,
    complete: steps.every((s) => s.done),
    steps,
  };
}

/** The home verbs over one list of module declarations (the server's modules). */
export function homeService(homes: readonly HomeContribution[]) {
  const cards = collectCards(homes);

  /** The signed-in user's dashboard: the cards it may see and the first-run guide. */
  const getHome = defineVerb({
    name: "home.getHome",
    access: "user",
    async run({ ctx, actor }): Promise<HomeOut> {
      return {
        cards: cards
          .filter(({ card }) => mayView(actor, card))
          .map(({ module, card }) => ({
            id: card.id,
            module,
            order: card.order,
            audience: card.audience ?? "user",
            dataPath: card.data ? cardDataPath(card.id) : null,
          })),
        guide: await guideOf(ctx, actor.userId, homes),
      };
    },
  });

  /** Closes the first-run guide for the signed-in user (or shows it again); answers the guide. */
  const setGuideDismissed = defineVerb({
    name: "home.setGuideDismissed",
    access: "session",
    input: guideInput,
    write: true,
    async run({ ctx, input, actor }) {
      const before = await repo.findUserHome(ctx.db, actor.userId);
      const was = Boolean(before?.guideDismissedAt);
      if (was !== input.dismissed)
        await repo.setGuideDismissedAt(ctx.db, actor.userId, input.dismissed ? ctx.clock.now() : null);
      return { guide: await guideOf(ctx, actor.userId, homes), changed: was !== input.dismissed };
    },
    audit: ({ input, result }) =>
      result.changed
        ? {
            eventType: "home.guide",
            action: input.dismissed ? "dismiss" : "restore",
            resourceType: "home_guide",
          }
        : null,
  });

  return { cards, getHome, setGuideDismissed };
}
