// The home dashboard's routes: GET /api/home (the cards and the first-run guide of the signed-in
// user), PUT /api/home/guide (close or reopen the guide), and one GET /api/home/cards/<id> per card
// that declares data, documented with the card's own schema.
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { moduleHomes } from "../../modules.ts";
import { errorBody, requestCtx } from "../../platform/http.ts";
import type { Platform } from "../../platform/platform.ts";
import { guideInput, guideOut, homeOut } from "./contracts.ts";
import { cardDataPath, homeService } from "./service.ts";

const errors = { 400: errorBody, 401: errorBody, 403: errorBody };

export async function homeRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["home"];
  const home = homeService(await moduleHomes(platform));

  app.get(
    "/api/home",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "My home dashboard: the cards of this server's modules I may see, and the first-run guide",
        response: { 200: homeOut, ...errors },
      },
    },
    async (request) => home.getHome({ ctx: requestCtx(platform, request), input: undefined }),
  );

  app.put(
    "/api/home/guide",
    {
      config: { access: "session" },
      schema: {
        tags,
        summary: "Close the first-run guide (dismissed: true) or show it again",
        body: guideInput,
        response: { 200: guideOut, ...errors },
      },
    },
    async (request) =>
      (await home.setGuideDismissed({ ctx: requestCtx(platform, request), input: request.body })).guide,
  );

  for (const { card } of home.cards) {
    const data = card.data;
    if (!data) continue;
    app.get(
      cardDataPath(card.id),
      {
        config: { access: card.audience === "admin" ? "admin" : "read" },
        schema: { tags, summary: data.summary, response: { 200: data.response, ...errors } },
      },
      async (request) => data.load(requestCtx(platform, request)),
    );
  }
}
