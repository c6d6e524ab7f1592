import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorBody, requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import {
  fundamentalsAsOfOut,
  fundamentalsBody,
  fundamentalsOut,
  fundamentalsQuery,
  idParams,
  observationsOut,
  observationsQuery,
  recomputeBody,
  recomputeOut,
  regimesOut,
  regimesQuery,
  seriesBody,
  seriesListOut,
  seriesParams,
  seriesSavedOut,
} from "./contracts.ts";
import * as service from "./service.ts";

const fundamentalsOutList = z.object({ items: z.array(fundamentalsOut) });
const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

/** Fundamentals, macro series and regimes: reads for any signed-in user, writes for admins. */
export async function referenceRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    "/api/instruments/:id/fundamentals",
    {
      config: { access: "read" },
      schema: {
        tags: ["fundamentals"],
        summary: "Fundamentals as known at a date (point in time; default now)",
        description:
          "asOf is a date (known by the end of that UTC day) or an ISO timestamp. Each report date appears once, in the latest version published by asOf; `latest` is the newest report known then.",
        params: idParams,
        querystring: fundamentalsQuery,
        response: { 200: fundamentalsAsOfOut, ...errors },
      },
    },
    async (request) =>
      service.getFundamentals({
        ctx: requestCtx(platform, request),
        input: { instrumentId: request.params.id, asOf: request.query.asOf, limit: request.query.limit },
      }),
  );

  app.post(
    "/api/instruments/:id/fundamentals",
    {
      config: { access: "admin" },
      schema: {
        tags: ["fundamentals"],
        summary: "Add or replace fundamentals rows (admin); a restatement is a row with a later knownAt",
        params: idParams,
        body: fundamentalsBody,
        response: { 201: fundamentalsOutList, ...errors },
      },
    },
    async (request, reply) => {
      const items = await service.addFundamentals({
        ctx: requestCtx(platform, request),
        input: { instrumentId: request.params.id, items: request.body.items },
      });
      return reply.status(201).send({ items });
    },
  );

  app.get(
    "/api/macro/series",
    {
      config: { access: "read" },
      schema: {
        tags: ["macro"],
        summary: "Macro series with observation counts and ranges",
        response: { 200: seriesListOut, ...errors },
      },
    },
    async (request) => ({
      items: await service.listMacroSeries({ ctx: requestCtx(platform, request), input: {} }),
    }),
  );

  app.get(
    "/api/macro/series/:id/observations",
    {
      config: { access: "read" },
      schema: {
        tags: ["macro"],
        summary:
          "Observations of a macro series (by id or code) as known at asOf (default now), by date range for dated series, paginated",
        description:
          "Point in time: each observation appears once, with the latest value published by asOf; a revision published later is invisible before then.",
        params: seriesParams,
        querystring: observationsQuery,
        response: { 200: observationsOut, ...errors },
      },
    },
    async (request) =>
      service.macroObservations({
        ctx: requestCtx(platform, request),
        input: { series: request.params.id, ...request.query },
      }),
  );

  app.post(
    "/api/admin/macro/series",
    {
      config: { access: "admin" },
      schema: {
        tags: ["macro"],
        summary: "Create or update a dated macro series and store its observations as versions (admin)",
        description:
          "An observation's knownAt says when the value was published. Without it, a first value is known releaseLagDays after its date (never later than now) and a changed value is a revision known now; the same value again writes nothing.",
        body: seriesBody,
        response: { 200: seriesSavedOut, ...errors },
      },
    },
    async (request) => {
      const r = await service.saveMacroSeries({ ctx: requestCtx(platform, request), input: request.body });
      return { series: r.series, written: r.written };
    },
  );

  app.get(
    "/api/regimes",
    {
      config: { access: "read" },
      schema: {
        tags: ["regimes"],
        summary:
          "Computed regime indicators by date (drawdown, VIX, curve slope, credit spread, cycle) as known at asOf",
        querystring: regimesQuery,
        response: { 200: regimesOut, ...errors },
      },
    },
    async (request) => ({
      items: await service.listRegimes({ ctx: requestCtx(platform, request), input: request.query }),
    }),
  );

  app.post(
    "/api/admin/regimes/recompute",
    {
      config: { access: "admin" },
      schema: {
        tags: ["regimes"],
        summary: "Recompute regime indicators from stored series now (admin)",
        body: recomputeBody,
        response: { 200: recomputeOut, ...errors },
      },
    },
    async (request) =>
      service.recomputeRegimes({ ctx: requestCtx(platform, request), input: request.body ?? {} }),
  );
}
