import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { errorBody, requestCtx } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import { fetchBody, idParams, runOut, sourcesOut, sourcesQuery } from "./contracts.ts";
import type { FetchRunRow } from "./repository.ts";
import * as service from "./service.ts";

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 502: errorBody };

export const runView = (r: FetchRunRow) => ({
  id: r.id,
  kind: r.kind,
  provider: r.provider,
  status: r.status as "queued" | "running" | "done" | "failed",
  done: r.done,
  total: r.total,
  recordsWritten: r.recordsWritten,
  attempts: r.attempts,
  error: r.error,
  params: r.params as Record<string, unknown>,
  createdAt: r.createdAt.toISOString(),
  startedAt: r.startedAt?.toISOString() ?? null,
  finishedAt: r.finishedAt?.toISOString() ?? null,
});

/** Admin endpoints of the provider pipeline: fetch/backfill requests, run progress, request log. */
export async function providerRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ["market data providers"];

  app.post(
    "/api/admin/market/fetch",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary:
          "Fetch bars (one instrument), backfill (one or all active instruments) or FX rates from a provider",
        description:
          "mode=queue (default) enqueues a job and answers 202 with the run to poll; mode=run works before answering 200 with the finished run (status done or failed, with the error).",
        body: fetchBody,
        response: { 200: runOut, 202: runOut, ...errors },
      },
    },
    async (request, reply) => {
      const run = await service.requestFetch({ ctx: requestCtx(platform, request), input: request.body });
      return reply.status(request.body.mode === "run" ? 200 : 202).send(runView(run));
    },
  );

  app.get(
    "/api/admin/market/runs/:id",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Progress of a fetch/backfill/refresh run",
        params: idParams,
        response: { 200: runOut, ...errors },
      },
    },
    async (request) =>
      runView(
        await service.getRunFor({ ctx: requestCtx(platform, request), input: { id: request.params.id } }),
      ),
  );

  app.get(
    "/api/admin/market/sources",
    {
      config: { access: "admin" },
      schema: {
        tags,
        summary: "Provider request log (data_source_log), newest first",
        querystring: sourcesQuery,
        response: { 200: sourcesOut, ...errors },
      },
    },
    async (request) => {
      const q = request.query;
      const r = await service.listSources({ ctx: requestCtx(platform, request), input: q });
      return {
        items: r.items.map((l) => ({ ...l, requestedAt: l.requestedAt.toISOString() })),
        total: r.total,
        limit: q.limit,
        offset: q.offset,
      };
    },
  );
}
