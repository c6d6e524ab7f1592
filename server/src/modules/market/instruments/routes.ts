// Instrument routes: thin handlers over the instrument verbs.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { NotFoundError } from "../../../platform/errors.ts";
import { requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { boolQuery, country, currency, idParams, mic, routeErrors } from "../contracts.ts";
import { instrumentInput, instrumentOut, instrumentPatch } from "./contracts.ts";
import * as svc from "./service.ts";

export async function instrumentRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["market"];

  app.get(
    "/api/instruments",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary:
          "Search instruments (typo-tolerant: symbol, name, Korean name, ISIN) or list them, a page at a time",
        description:
          "With `q`: matches best first. Without: every instrument in the filter, by country, venue and symbol. Filters (`mic`, `country`, `assetClass`, `currency`) apply to both; `total` counts every match, `limit` and `offset` choose the page.",
        querystring: z.object({
          q: z.string().max(100).optional(),
          mic: mic.optional(),
          country: country.optional(),
          market: z.string().max(16).optional().describe("deprecated: mic or country"),
          assetClass: z.string().max(16).optional().describe("equity, etf, index, fx, crypto, …"),
          currency: currency.optional().describe("trading currency, e.g. KRW"),
          includeInactive: boolQuery,
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
        }),
        response: {
          200: z.object({
            instruments: z.array(instrumentOut),
            total: z.number().int().describe("instruments matching, over every page"),
            limit: z.number().int(),
            offset: z.number().int(),
          }),
          ...routeErrors,
        },
      },
    },
    async (req) => {
      const page = await svc.searchInstrumentsPage({ ctx: ctxOf(req), input: req.query });
      return { ...page, limit: req.query.limit, offset: req.query.offset };
    },
  );

  app.get(
    "/api/instruments/resolve",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "The instrument an ISIN, or a symbol with its MIC, country, exchange or market, names",
        description:
          "ISIN first; then symbol + MIC; then symbol + country when one listing there has it; then the symbol alone when only one instrument has it. 404 when none matches, 409 when several do.",
        querystring: z.object({
          isin: z.string().max(12).optional(),
          symbol: z.string().max(32).optional(),
          mic: mic.optional(),
          country: country.optional(),
          exchange: z.string().max(64).optional(),
          market: z.string().max(16).optional().describe("deprecated: mic or country"),
        }),
        response: { 200: instrumentOut, ...routeErrors },
      },
    },
    async (req) => {
      const found = await svc.resolveInstrument({ ctx: ctxOf(req), input: req.query });
      if (!found) throw new NotFoundError("No instrument matches");
      return found;
    },
  );

  app.get(
    "/api/instruments/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "One instrument",
        params: idParams,
        response: { 200: instrumentOut, ...routeErrors },
      },
    },
    async (req) => svc.getInstrument({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );

  app.post(
    "/api/instruments",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Create an instrument (admin); ISIN/CUSIP/SEDOL are checked by their check digits",
        description:
          "Where it is listed: `mic` (ISO 10383, e.g. XNAS, XNYS, XKRX for KOSPI, XKOS for KOSDAQ; XXXX for none) and `country`, or the older `market` code. A listing (symbol, MIC) and an ISIN exist once; Korean listings trade in KRW.",
        body: instrumentInput,
        response: { 201: instrumentOut, ...routeErrors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.createInstrument({ ctx: ctxOf(req), input: req.body })),
  );

  app.patch(
    "/api/instruments/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Update an instrument (admin); active=false is the soft delete",
        params: idParams,
        body: instrumentPatch,
        response: { 200: instrumentOut, ...routeErrors },
      },
    },
    async (req) => svc.updateInstrument({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }),
  );
}
