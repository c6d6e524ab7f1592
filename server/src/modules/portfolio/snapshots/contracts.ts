// Zod schemas of screenshot snapshots (seed 000 portfolio_snapshots / portfolio_holdings).
import { z } from "zod";
import { noticeOut } from "../notices/contracts.ts";

const decimal = z
  .string()
  .trim()
  .regex(/^-?\d+(\.\d+)?$/, "a decimal number such as 1234.5")
  .max(40);
const nonNegative = decimal.refine((s) => !s.startsWith("-"), "must not be negative");

export const snapshotLineOut = z.object({
  line: z.number().int(),
  name: z.string(),
  instrumentId: z.string().nullable(),
  symbol: z.string().nullable().describe("the mapped instrument's symbol"),
  market: z.string().nullable(),
  currency: z.string().nullable().describe("currency of the prices"),
  quantity: z.string().nullable(),
  averagePrice: z.string().nullable(),
  currentPrice: z.string().nullable(),
  currentValueKrw: z.string().nullable(),
  purchaseValueKrw: z.string().nullable(),
  pnlKrw: z.string().nullable(),
  pnlPct: z.string().nullable(),
});
export const snapshotTotals = {
  totalValueKrw: z.string().nullable(),
  purchaseValueKrw: z.string().nullable(),
  krValueKrw: z.string().nullable(),
  usValueKrw: z.string().nullable(),
  cashKrw: z.string().nullable(),
  cashUsd: z.string().nullable(),
  usdKrwRate: z.string().nullable(),
};
export const snapshotSummaryOut = z.object({
  id: z.string(),
  accountId: z.string().nullable(),
  takenAt: z.string(),
  source: z.enum(["ocr", "llm", "manual"]),
  status: z.enum(["draft", "confirmed"]),
  ...snapshotTotals,
  provider: z.string().nullable(),
  model: z.string().nullable(),
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  lineCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const snapshotOut = snapshotSummaryOut.extend({
  rawText: z.string().nullable().describe("what the OCR or the model read, for checking"),
  lines: z.array(snapshotLineOut),
  checks: z
    .array(noticeOut)
    .describe("what the draft lacks, and disagreements between the lines and the totals read"),
});
export type SnapshotOut = z.infer<typeof snapshotOut>;

export const uploadFields = z.object({
  accountId: z.uuid().optional(),
  takenAt: z.iso.datetime({ offset: true }).optional(),
  reader: z.enum(["auto", "ocr", "llm"]).default("auto"),
});

export const linePatch = z.object({
  line: z.number().int().min(1).max(1000),
  remove: z.boolean().optional().describe("delete this line"),
  name: z.string().trim().min(1).max(200).optional(),
  instrumentId: z.uuid().nullable().optional(),
  market: z.enum(["KR", "US"]).nullable().optional(),
  currency: z.enum(["KRW", "USD"]).nullable().optional(),
  quantity: nonNegative.nullable().optional(),
  averagePrice: nonNegative.nullable().optional(),
  currentPrice: nonNegative.nullable().optional(),
  currentValueKrw: nonNegative.nullable().optional(),
  purchaseValueKrw: nonNegative.nullable().optional(),
  pnlKrw: decimal.nullable().optional(),
  pnlPct: decimal.nullable().optional(),
});
export const snapshotPatch = z.object({
  accountId: z.uuid().nullable().optional(),
  takenAt: z.iso.datetime({ offset: true }).optional(),
  cashKrw: nonNegative.nullable().optional(),
  cashUsd: nonNegative.nullable().optional(),
  usdKrwRate: nonNegative.nullable().optional(),
  lines: z.array(linePatch).max(500).optional(),
});

export const reconcileQuery = z.object({ accountId: z.uuid() });
export const reconcileOut = z.object({
  snapshotId: z.string(),
  accountId: z.string(),
  asOf: z.string().nullable().describe("the ledger holdings' date"),
  matched: z.number().int(),
  lines: z.array(
    z.object({
      instrumentId: z.string().nullable(),
      name: z.string(),
      snapshotQuantity: z.string().nullable(),
      ledgerQuantity: z.string().nullable(),
      difference: z.string().nullable().describe("snapshot − ledger"),
      status: z.enum(["match", "mismatch", "onlySnapshot", "onlyLedger", "unmapped"]),
    }),
  ),
});
