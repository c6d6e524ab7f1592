// Ledger routes: a signed-in user's own transactions.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { errorBody, idParams, requestCtx, routeErrors } from "../../../platform/http.ts";
import type { Platform } from "../../../platform/platform.ts";
import {
  listOut,
  listQuery,
  transactionInput,
  transactionOut,
  transactionPatch,
  transactionWriteOut,
} from "./contracts.ts";
import * as svc from "./service.ts";

const errors = { ...routeErrors, 422: errorBody };

export async function transactionRoutes(root: FastifyInstance, platform: Platform): Promise<void> {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const ctxOf = (req: FastifyRequest) => requestCtx(platform, req);
  const tags = ["portfolio"];

  app.get(
    "/api/portfolio/transactions",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary:
          "Your transactions, newest first, filtered by account, type, instrument, dates, origin or import",
        description:
          "Keyset paging: pass the answer's `nextCursor` as `cursor` for the next page (null on the last one).",
        querystring: listQuery,
        response: { 200: listOut, ...errors },
      },
    },
    async (req) => svc.listTransactions({ ctx: ctxOf(req), input: req.query }),
  );
  app.post(
    "/api/portfolio/transactions",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Add a transaction by hand",
        description:
          "Fields per type: buy/sell/short/cover need instrumentId, quantity, price (fee, currency, fxRate, lots for sell/cover); dividend instrumentId and amount (withholdingTax); interest/fee/tax and deposit/withdrawal amount; split instrumentId and ratio; spinOff instrumentId, newInstrumentId, ratio, costFraction; returnOfCapital instrumentId and amount; transferOut/transferIn instrumentId, quantity, transferId; conversion currency, amount, toCurrency, toAmount. Without fxRate for a currency other than the account's base, the market's rate on the date is used and reported in `fxUsed`. 422 when the ledger cannot take the row (it names the field and date); nothing is stored then.",
        body: transactionInput,
        response: { 201: transactionWriteOut, ...errors },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await svc.addTransaction({ ctx: ctxOf(req), input: req.body })),
  );
  app.get(
    "/api/portfolio/transactions/:id",
    {
      config: { access: "read" },
      schema: {
        tags,
        summary: "One of your transactions",
        params: idParams,
        response: { 200: transactionOut, ...errors },
      },
    },
    async (req) => svc.getTransaction({ ctx: ctxOf(req), input: { id: req.params.id } }),
  );
  app.patch(
    "/api/portfolio/transactions/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Edit a transaction (checked against the whole ledger; keeps its origin)",
        params: idParams,
        body: transactionPatch,
        response: { 200: transactionWriteOut, ...errors },
      },
    },
    async (req) =>
      (await svc.updateTransaction({ ctx: ctxOf(req), input: { id: req.params.id, patch: req.body } }))
        .transaction,
  );
  app.delete(
    "/api/portfolio/transactions/:id",
    {
      config: { access: "trade" },
      schema: {
        tags,
        summary: "Delete a transaction (422 when a later row depends on it)",
        params: idParams,
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      await svc.deleteTransaction({ ctx: ctxOf(req), input: { id: req.params.id } });
      return reply.status(204).send(null);
    },
  );
}
