// Quote and interval routes: thin handlers over the quote verbs.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { idParams, routeErrors } from "../contracts.ts";
import { intervalsOut, quoteOrNullOut } from "./contracts.ts";
import * as svc from "./service.ts";

export async function quoteRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["market"];

  app.get(
    "/api/instruments/:id/quote",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Latest quote: price, previous close, change, session range, 52-week range, market cap",
        description:
          "Kept up to date from the stored bars (on every import, merge and resample, and by the scheduled refresh) and from a provider's live quote where one is enabled. Prices and money are decimal strings. An instrument without bars yet answers 200 with `quote: null` (a normal state, not an error); 404 only when there is no such instrument.",
        params: idParams,
        response: { 200: quoteOrNullOut, ...routeErrors },
      },
    },
    async (req) => ({ quote: await svc.findQuote({ ctx: ctxOf(req), input: { id: req.params.id } }) }),
  );

  app.get(
    "/api/instruments/:id/intervals",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Intervals with stored bars (first/last bar) and those readable by resampling",
        params: idParams,
        response: { 200: intervalsOut, ...routeErrors },
      },
    },
    async (req) => svc.barIntervals({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
}
