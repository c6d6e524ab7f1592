// The LLM vision reader: sends the screenshot to an OpenAI-compatible chat-completions endpoint with
// image input (PORTFOLIO_VISION_URL, _MODEL, _KEY) and reads its JSON answer into the same lines and
// totals the OCR reader gives, with the provider, model and token counts (seed 000 keeps them).
import { z } from "zod";
import { AppError } from "../../../platform/errors.ts";
import { Decimal } from "../../../platform/money.ts";
import type { Amount, ReadLine, ReadScreen } from "./reader.ts";

export interface VisionSettings {
  url: string;
  model: string;
  key?: string;
  timeoutMs: number;
}
export interface VisionResult {
  screen: ReadScreen;
  provider: string;
  model: string;
  promptTokens: number | null;
  completionTokens: number | null;
  raw: string;
}

export const VISION_PROMPT = `You read screenshots of brokerage apps' holdings screens (Korean or English).
Answer one JSON object only, no prose:
{"holdings":[{"name":"as shown","symbol":"ticker if shown or null","market":"KR|US|null",
"currency":"currency of the prices: KRW|USD","quantity":"12","averagePrice":"71200","currentPrice":"73400 or null",
"value":{"amount":"880800","currency":"KRW"},"pnl":{"amount":"26400","currency":"KRW"},"pnlPct":"3.09"}],
"totals":{"totalValue":{"amount":"...","currency":"KRW"},"purchaseValue":{...} or null,"cashKrw":"... or null",
"cashUsd":"... or null","usdKrwRate":"... or null"}}
Numbers as plain decimal strings without thousands separators; a loss is negative; null for what the screen does not show.`;

const dec = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => {
    if (v === null || v === undefined || v === "") return null;
    const s = String(v).replace(/[,\s₩$원%+]/g, "");
    return /^-?\d+(\.\d+)?$/.test(s) ? new Decimal(s).toString() : null;
  });
/** `{ amount, currency }` as asked, or a bare number (models drop the object now and then): won. */
const amount = z
  .union([z.object({ amount: dec, currency: z.string().nullish() }), dec])
  .nullish()
  .transform((a): Amount | null => {
    if (a === null || a === undefined) return null;
    if (typeof a === "string") return { amount: a, currency: "KRW" };
    return a.amount
      ? { amount: a.amount, currency: a.currency?.toUpperCase() === "USD" ? "USD" : "KRW" }
      : null;
  });
const answer = z.object({
  holdings: z
    .array(
      z.object({
        name: z.string().min(1),
        symbol: z.string().nullish(),
        market: z.string().nullish(),
        currency: z.string().nullish(),
        quantity: dec,
        averagePrice: dec,
        currentPrice: dec,
        value: amount,
        pnl: amount,
        pnlPct: dec,
      }),
    )
    .default([]),
  totals: z
    .object({
      totalValue: amount,
      purchaseValue: amount,
      cashKrw: dec,
      cashUsd: dec,
      usdKrwRate: dec,
    })
    .partial()
    .default({}),
});
const completion = z.object({
  model: z.string().optional(),
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
  usage: z
    .object({ prompt_tokens: z.number().int(), completion_tokens: z.number().int() })
    .partial()
    .optional(),
});

/** 502: the provider failed or answered something that is not a holdings reading. */
export class VisionError extends AppError {
  constructor(message: string) {
    super(502, "vision_provider", message);
  }
}

/** The JSON object inside an answer (models sometimes wrap it in a ```json fence or prose). */
function jsonOf(content: string): unknown {
  const start = content.indexOf("{");
  const end = content.lastIndexOf("}");
  if (start < 0 || end < start) throw new VisionError("the vision provider's answer holds no JSON object");
  try {
    return JSON.parse(content.slice(start, end + 1));
  } catch {
    throw new VisionError("the vision provider's answer is not valid JSON");
  }
}

const upperOrNull = <T extends string>(v: string | null | undefined, allowed: readonly T[]): T | null => {
  const u = v?.toUpperCase();
  return allowed.includes(u as T) ? (u as T) : null;
};

/** Sends the image and reads the answer. The key is sent as a bearer token and never logged. */
export async function readWithVision(image: Buffer, mime: string, s: VisionSettings): Promise<VisionResult> {
  const body = {
    model: s.model,
    temperature: 0,
    response_format: { type: "json_object" },
    messages: [
      { role: "system", content: VISION_PROMPT },
      {
        role: "user",
        content: [
          { type: "text", text: "Read this holdings screen." },
          { type: "image_url", image_url: { url: `data:${mime};base64,${image.toString("base64")}` } },
        ],
      },
    ],
  };
  let res: Response;
  try {
    res = await fetch(`${s.url.replace(/\/$/, "")}/chat/completions`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(s.key ? { authorization: `Bearer ${s.key}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(s.timeoutMs),
    });
  } catch (e) {
    throw new VisionError(`the vision provider did not answer (${(e as Error).name})`);
  }
  const text = await res.text();
  if (!res.ok) throw new VisionError(`the vision provider answered ${res.status}`);
  let parsed: z.infer<typeof completion>;
  try {
    parsed = completion.parse(JSON.parse(text));
  } catch {
    throw new VisionError("the vision provider's answer is not a chat completion");
  }
  const content = parsed.choices[0]?.message.content ?? "";
  const read = answer.safeParse(jsonOf(content));
  if (!read.success) throw new VisionError("the vision provider's JSON does not describe holdings");
  const lines: ReadLine[] = read.data.holdings.map((h) => ({
    name: h.name.trim(),
    symbol: h.symbol?.trim() || null,
    market: upperOrNull(h.market, ["KR", "US"] as const),
    currency: upperOrNull(h.currency, ["KRW", "USD"] as const),
    quantity: h.quantity,
    averagePrice: h.averagePrice,
    currentPrice: h.currentPrice,
    value: h.value,
    purchaseValue: null,
    pnl: h.pnl,
    pnlPct: h.pnlPct,
  }));
  const t = read.data.totals;
  return {
    screen: {
      lines,
      totals: {
        totalValue: t.totalValue ?? null,
        purchaseValue: t.purchaseValue ?? null,
        cashKrw: t.cashKrw ?? null,
        cashUsd: t.cashUsd ?? null,
        usdKrwRate: t.usdKrwRate ?? null,
      },
    },
    provider: new URL(s.url).host,
    model: parsed.model ?? s.model,
    promptTokens: parsed.usage?.prompt_tokens ?? null,
    completionTokens: parsed.usage?.completion_tokens ?? null,
    raw: content,
  };
}
