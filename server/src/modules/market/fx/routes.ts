// FX routes: the rate in force on a date, and conversions.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { routeErrors } from "../contracts.ts";
import { fxConvertInput, fxConvertOut, fxRateInput, fxRateOut } from "./contracts.ts";
import * as svc from "./service.ts";

export async function fxRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["market"];

  app.get(
    "/api/fx/rates",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Rate of base in quote on a date (direct, inverse or through USD), with its age",
        querystring: fxRateInput,
        response: { 200: fxRateOut, ...routeErrors },
      },
    },
    async (req) => svc.fxRate({ ctx: ctxOf(req), input: req.query }),
  );

  app.get(
    "/api/fx/convert",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "Convert a decimal amount between currencies at the rate in force on a date",
        querystring: fxConvertInput,
        response: { 200: fxConvertOut, ...routeErrors },
      },
    },
    async (req) => svc.fxConvert({ ctx: ctxOf(req), input: req.query }),
  );
}
