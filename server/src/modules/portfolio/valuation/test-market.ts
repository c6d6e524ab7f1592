// Test helpers: instruments with hand-written daily closes and FX rates (units per USD) stored
// through the market module's own verbs, and a signed-in HTTP caller.
import type { FastifyInstance } from "fastify";
import { operatorCtx } from "../../../../test/factories.ts";
import type { Platform } from "../../../platform/platform.ts";
import { createInstrument, importBars, importFxUnitsPerUsd, textChunks } from "../../market/index.ts";

let n = 0;

/** Creates an instrument and stores its daily closes ([date, close] ascending). */
export async function instrumentWithCloses(
  platform: Platform,
  opts: { symbol?: string; currency: string; country?: string; mic?: string },
  closes: [string, number][],
): Promise<string> {
  n += 1;
  const ctx = operatorCtx(platform);
  const kr = opts.currency === "KRW";
  const i = await createInstrument({
    ctx,
    input: {
      symbol:
        opts.symbol ??
        (kr ? String(900000 + ((Date.now() + n * 7919) % 99999)) : `T${n}${Date.now() % 100000}`),
      mic: opts.mic ?? (kr ? "XKRX" : "XNAS"),
      country: opts.country ?? (kr ? "KR" : "US"),
      assetClass: "equity",
      name: `${opts.symbol ?? "test"} ${n}`,
      currency: opts.currency,
    },
  });
  if (closes.length) {
    const csv = `date,open,high,low,close,volume\n${closes.map(([d, c]) => `${d},${c},${c},${c},${c},1000`).join("\n")}\n`;
    const r = await importBars({
      ctx,
      input: { instrumentId: i.id, interval: "1d", source: "test", body: textChunks(csv) },
    });
    if (r.refused) throw new Error(`bars refused: ${JSON.stringify(r.errors)}`);
  }
  return i.id;
}

/** Stores FX rates: rows of [date, { KRW: 1300, EUR: 0.9 }] in units per USD. */
export async function fxRates(platform: Platform, rows: [string, Record<string, number>][]): Promise<void> {
  const currencies = [...new Set(rows.flatMap(([, r]) => Object.keys(r)))];
  const csv = [
    ["date", ...currencies].join(","),
    ...rows.map(([d, r]) =>
      [d, ...currencies.map((c) => (r[c] === undefined ? "" : String(r[c])))].join(","),
    ),
  ].join("\n");
  await importFxUnitsPerUsd({ ctx: operatorCtx(platform), input: { csv, source: "test" } });
}

// biome-ignore lint/suspicious/noExplicitAny: tests read the JSON answers freely
type Json = Record<string, any>;

/** A caller: `call(method, url, body?)` answering status and JSON. */
export function caller(app: FastifyInstance, headers: Record<string, string>) {
  return async (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: unknown) => {
    const r = await app.inject({
      method,
      url,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    return { status: r.statusCode, body: (r.body ? r.json() : {}) as Json };
  };
}
