// Screenshot snapshot verbs: read an uploaded holdings screen (local OCR, or the configured LLM
// vision provider), save it as a draft with its lines mapped to instruments, let the user correct it,
// confirm it (seed 000's totals in KRW, the KR/US split, cash and the USD/KRW rate), delete it, and
// reconcile it against the ledger's holdings of an account. The image itself is never stored: only
// its SHA-256 (to spot the same screenshot uploaded twice) and the text read from it.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { Ctx } from "../../../platform/context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../../platform/errors.ts";
import { isUuid, newId } from "../../../platform/ids.ts";
import type { Bucket } from "../../../platform/limits.ts";
import { Decimal } from "../../../platform/money.ts";
import { defineVerb } from "../../../platform/verb.ts";
import { getInstrument } from "../../market/index.ts";
import { type Notice, notice } from "../notices/contracts.ts";
import { type SnapshotOut, snapshotPatch, uploadFields } from "./contracts.ts";
import { matchInstrument } from "./matching.ts";
import { recognize } from "./ocr.ts";
import { type Amount, type ReadScreen, readHoldingsScreen } from "./reader.ts";
import * as repo from "./repository.ts";
import { readWithVision } from "./vision.ts";

/** Reading is CPU-heavy (or costs tokens): each user may upload this many screenshots an hour. */
export const UPLOADS: Bucket = { name: "portfolio.snapshots.upload", points: 30, duration: 3600 };

/** What an upload must be: a PNG or JPEG (checked by its first bytes), at most this big. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
export function imageMime(image: Buffer): "image/png" | "image/jpeg" | null {
  if (image.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return "image/png";
  if (image[0] === 0xff && image[1] === 0xd8 && image[2] === 0xff) return "image/jpeg";
  return null;
}

const D = (s: string | null | undefined) => (s === null || s === undefined ? null : new Decimal(s));
const str = (d: Decimal | null) => (d === null ? null : d.toString());

function inKrw(a: Amount | null, rate: Decimal | null): Decimal | null {
  if (!a) return null;
  if (a.currency === "KRW") return new Decimal(a.amount);
  return rate ? new Decimal(a.amount).times(rate).toDecimalPlaces(0) : null;
}

export async function ownSnapshot(ctx: Ctx, userId: string, id: string) {
  const row = isUuid(id) ? await repo.findSnapshot(ctx.db, userId, id) : undefined;
  if (!row) throw new NotFoundError("Snapshot not found");
  return row;
}

async function checkAccount(ctx: Ctx, userId: string, accountId: string | null | undefined, field: string) {
  if (accountId && !(await repo.ownsAccount(ctx.db, userId, accountId)))
    throw new ValidationError("no such account of yours", field);
}

/** Sums of the lines, and the disagreements with the totals the screen showed. */
function totalsOf(lines: repo.LineRow[]) {
  let total = new Decimal(0);
  let purchase = new Decimal(0);
  let kr = new Decimal(0);
  let us = new Decimal(0);
  let purchaseKnown = true;
  for (const l of lines) {
    const v = D(l.currentValueKrw) ?? new Decimal(0);
    total = total.plus(v);
    if (l.market === "US") us = us.plus(v);
    else kr = kr.plus(v);
    if (l.purchaseValueKrw === null) purchaseKnown = false;
    else purchase = purchase.plus(l.purchaseValueKrw);
  }
  return { total, purchase: purchaseKnown ? purchase : null, kr, us };
}

async function view(ctx: Ctx, s: repo.SnapshotRow): Promise<SnapshotOut> {
  const lines = await repo.linesOf(ctx.db, s.id);
  const symbols = new Map<string, string>();
  for (const id of new Set(lines.flatMap((l) => (l.instrumentId ? [l.instrumentId] : [])))) {
    const i = await getInstrument({ ctx, input: { id } }).catch(() => null);
    if (i) symbols.set(id, i.symbol);
  }
  const checks: Notice[] = [];
  const sums = totalsOf(lines);
  if (s.totalValueKrw && !sums.total.eq(s.totalValueKrw))
    checks.push(
      notice("snapshot.valuesMismatch", { linesTotal: sums.total.toString(), total: s.totalValueKrw }),
    );
  if (s.purchaseValueKrw && sums.purchase && !sums.purchase.eq(s.purchaseValueKrw))
    checks.push(
      notice("snapshot.purchaseMismatch", {
        linesTotal: sums.purchase.toString(),
        total: s.purchaseValueKrw,
      }),
    );
  if (!lines.length) checks.push(notice("snapshot.noLines"));
  for (const l of lines) {
    const at = { line: l.line, name: l.name };
    if (!l.instrumentId) checks.push(notice("snapshot.lineNoInstrument", at));
    if (l.quantity === null) checks.push(notice("snapshot.lineNoQuantity", at));
    if (l.currentValueKrw === null) checks.push(notice("snapshot.lineNoValue", at));
  }
  return {
    id: s.id,
    accountId: s.accountId,
    takenAt: new Date(s.takenAt).toISOString(),
    source: s.source as SnapshotOut["source"],
    status: s.status as SnapshotOut["status"],
    totalValueKrw: s.totalValueKrw,
    purchaseValueKrw: s.purchaseValueKrw,
    krValueKrw: s.krValueKrw,
    usValueKrw: s.usValueKrw,
    cashKrw: s.cashKrw,
    cashUsd: s.cashUsd,
    usdKrwRate: s.usdKrwRate,
    provider: s.provider,
    model: s.model,
    promptTokens: s.promptTokens,
    completionTokens: s.completionTokens,
    lineCount: lines.length,
    createdAt: new Date(s.createdAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
    rawText: s.rawText,
    checks,
    lines: lines.map((l) => ({
      line: l.line,
      name: l.name,
      instrumentId: l.instrumentId,
      symbol: l.instrumentId ? (symbols.get(l.instrumentId) ?? null) : null,
      market: l.market,
      currency: l.currency,
      quantity: l.quantity,
      averagePrice: l.averagePrice,
      currentPrice: l.currentPrice,
      currentValueKrw: l.currentValueKrw,
      purchaseValueKrw: l.purchaseValueKrw,
      pnlKrw: l.pnlKrw,
      pnlPct: l.pnlPct,
    })),
  };
}

/** Reads the image with the configured reader: the LLM when one is configured (unless `ocr` asked). */
async function readImage(ctx: Ctx, image: Buffer, mime: string, reader: "auto" | "ocr" | "llm") {
  const c = ctx.config;
  const llm = c.PORTFOLIO_VISION_URL && c.PORTFOLIO_VISION_MODEL;
  if (reader === "llm" && !llm)
    throw new ValidationError(
      "no LLM vision provider is configured (PORTFOLIO_VISION_URL, _MODEL)",
      "reader",
    );
  if (llm && reader !== "ocr") {
    const r = await readWithVision(image, mime, {
      url: c.PORTFOLIO_VISION_URL as string,
      model: c.PORTFOLIO_VISION_MODEL as string,
      key: c.PORTFOLIO_VISION_KEY,
      timeoutMs: c.PORTFOLIO_VISION_TIMEOUT_MS,
    });
    return { ...r, source: "llm" as const };
  }
  const o = await recognize(image);
  return {
    screen: readHoldingsScreen(o.words),
    raw: o.text,
    source: "ocr" as const,
    provider: "tesseract.js",
    model: "kor+eng",
    promptTokens: null,
    completionTokens: null,
  };
}

const importInput = uploadFields.extend({ image: z.instanceof(Buffer) });

/** Reads a screenshot and saves it as a draft snapshot. The same image twice answers 409. */
export const importScreenshot = defineVerb({
  name: "portfolio.importScreenshot",
  access: "user",
  scope: "trade",
  input: importInput,
  async run({ ctx, input, actor }) {
    const mime = imageMime(input.image);
    if (!mime) throw new ValidationError("must be a PNG or JPEG image", "image");
    if (input.image.length > MAX_IMAGE_BYTES) throw new ValidationError("larger than 10 MB", "image");
    await checkAccount(ctx, actor.userId, input.accountId, "accountId");
    const sha = createHash("sha256").update(input.image).digest("hex");
    const dup = await repo.findByImage(ctx.db, actor.userId, sha);
    if (dup) throw new ConflictError(`This screenshot was already imported (snapshot ${dup.id})`);
    await ctx.limits.consume(UPLOADS, actor.userId);
    const read = await readImage(ctx, input.image, mime, input.reader);
    const id = await saveDraft({
      ctx,
      input: { read, sha, accountId: input.accountId ?? null, takenAt: input.takenAt ?? null },
    });
    return view(ctx, await ownSnapshot(ctx, actor.userId, id));
  },
});

interface DraftInput {
  read: Awaited<ReturnType<typeof readImage>>;
  sha: string;
  accountId: string | null;
  takenAt: string | null;
}

/** Maps the lines to instruments and writes the draft with its audit row. */
const saveDraft = defineVerb({
  name: "portfolio.saveSnapshotDraft",
  access: "user",
  scope: "trade",
  write: true,
  async run({ ctx, input, actor }) {
    const { read, sha } = input as unknown as DraftInput;
    const screen: ReadScreen = read.screen;
    const t = screen.totals;
    const rate = D(t.usdKrwRate);
    const id = newId();
    const lines = [];
    for (const [k, l] of screen.lines.entries()) {
      const m = await matchInstrument(ctx, l.name, l.symbol, l.market);
      const market = l.market ?? (m?.country === "US" ? "US" : m?.country === "KR" ? "KR" : null);
      const value = inKrw(l.value, rate);
      const pnl = inKrw(l.pnl, rate);
      const purchase = inKrw(l.purchaseValue, rate) ?? (value && pnl ? value.minus(pnl) : null);
      lines.push({
        id: newId(),
        snapshotId: id,
        line: k + 1,
        name: l.name.slice(0, 200),
        instrumentId: m?.instrumentId ?? null,
        market,
        currency: l.currency ?? (market === "US" ? "USD" : market === "KR" ? "KRW" : null),
        quantity: l.quantity,
        averagePrice: l.averagePrice,
        currentPrice: l.currentPrice,
        currentValueKrw: str(value),
        purchaseValueKrw: str(purchase),
        pnlKrw: str(pnl),
        pnlPct: l.pnlPct,
      });
    }
    await repo.insertSnapshot(
      ctx.db,
      {
        id,
        userId: actor.userId,
        accountId: (input as unknown as DraftInput).accountId,
        takenAt: new Date((input as unknown as DraftInput).takenAt ?? ctx.clock.now()),
        source: read.source,
        imageSha256: sha,
        totalValueKrw: str(inKrw(t.totalValue, rate)),
        purchaseValueKrw: str(inKrw(t.purchaseValue, rate)),
        cashKrw: t.cashKrw,
        cashUsd: t.cashUsd,
        usdKrwRate: t.usdKrwRate,
        provider: read.provider,
        model: read.model,
        promptTokens: read.promptTokens,
        completionTokens: read.completionTokens,
        rawText: read.raw.slice(0, 20_000),
        status: "draft",
      },
      lines,
    );
    return id;
  },
  audit: ({ result }) => ({
    eventType: "portfolio.snapshot",
    action: "create",
    resourceType: "snapshot",
    resourceId: result,
  }),
});

export const listSnapshots = defineVerb({
  name: "portfolio.listSnapshots",
  access: "user",
  async run({ ctx, actor }) {
    const rows = await repo.listSnapshots(ctx.db, actor.userId);
    return rows.map((s) => {
      const { rawText: _r, imageSha256: _i, userId: _u, ...rest } = s;
      return {
        ...rest,
        source: s.source as SnapshotOut["source"],
        status: s.status as SnapshotOut["status"],
        takenAt: new Date(s.takenAt).toISOString(),
        createdAt: new Date(s.createdAt).toISOString(),
        updatedAt: new Date(s.updatedAt).toISOString(),
      };
    });
  },
});

export const getSnapshot = defineVerb({
  name: "portfolio.getSnapshot",
  access: "user",
  input: z.object({ id: z.string() }),
  async run({ ctx, input, actor }) {
    return view(ctx, await ownSnapshot(ctx, actor.userId, input.id));
  },
});

/** The user's corrections to a draft: totals, account, date, and lines (changed, added or removed). */
export const patchSnapshot = defineVerb({
  name: "portfolio.patchSnapshot",
  access: "user",
  input: z.object({ id: z.string(), patch: snapshotPatch }),
  write: true,
  async run({ ctx, input, actor }) {
    const s = await ownSnapshot(ctx, actor.userId, input.id);
    if (s.status !== "draft") throw new ConflictError("A confirmed snapshot cannot be changed");
    const { lines: linePatches, takenAt, ...rest } = input.patch;
    await checkAccount(ctx, actor.userId, rest.accountId, "body.accountId");
    await repo.updateSnapshot(ctx.db, actor.userId, s.id, {
      ...rest,
      ...(takenAt ? { takenAt: new Date(takenAt) } : {}),
    });
    const existing = new Set((await repo.linesOf(ctx.db, s.id)).map((l) => l.line));
    for (const [k, p] of (linePatches ?? []).entries()) {
      const { line, remove, ...fields } = p;
      if (fields.instrumentId) {
        const found = await getInstrument({ ctx, input: { id: fields.instrumentId } }).catch(() => null);
        if (!found) throw new ValidationError("unknown instrument", `body.lines.${k}.instrumentId`);
      }
      if (remove) {
        if (!existing.has(line)) throw new ValidationError(`no line ${line}`, `body.lines.${k}.line`);
        await repo.deleteLine(ctx.db, s.id, line);
        existing.delete(line);
      } else if (existing.has(line)) await repo.updateLine(ctx.db, s.id, line, fields);
      else {
        if (!fields.name) throw new ValidationError("a new line needs a name", `body.lines.${k}.name`);
        await repo.insertLine(ctx.db, { id: newId(), snapshotId: s.id, line, ...fields, name: fields.name });
        existing.add(line);
      }
    }
    return view(ctx, await ownSnapshot(ctx, actor.userId, s.id));
  },
  audit: ({ input, result }) => ({
    eventType: "portfolio.snapshot",
    action: "update",
    resourceType: "snapshot",
    resourceId: result.id,
    newValues: input.patch,
  }),
});

/**
 * Confirms a draft: a USD line missing its KRW value gets quantity × price × the USD/KRW rate; the
 * totals become the sums of the lines (total, purchase, KR and US); cash and rate stay as read or
 * corrected. Every line needs a quantity and a value, and USD lines a rate (400 naming what lacks).
 */
export const confirmSnapshot = defineVerb({
  name: "portfolio.confirmSnapshot",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const s = await ownSnapshot(ctx, actor.userId, input.id);
    if (s.status !== "draft") throw new ConflictError("This snapshot is already confirmed");
    const rate = D(s.usdKrwRate);
    const lines = await repo.linesOf(ctx.db, s.id);
    if (!lines.length) throw new ValidationError("a snapshot needs at least one line", "lines");
    for (const l of lines) {
      if (l.quantity === null) throw new ValidationError("no quantity", `lines.${l.line}.quantity`);
      if (l.currentValueKrw !== null) continue;
      if (l.currency === "USD" && l.currentPrice !== null) {
        if (!rate) throw new ValidationError("needed to value USD lines in KRW", "usdKrwRate");
        const q = new Decimal(l.quantity);
        const value = q.times(l.currentPrice).times(rate).toDecimalPlaces(0);
        const cost = l.averagePrice === null ? null : q.times(l.averagePrice).times(rate).toDecimalPlaces(0);
        l.currentValueKrw = value.toString();
        l.purchaseValueKrw ??= str(cost);
        l.pnlKrw ??= cost ? value.minus(cost).toString() : null;
        await repo.updateLine(ctx.db, s.id, l.line, {
          currentValueKrw: l.currentValueKrw,
          purchaseValueKrw: l.purchaseValueKrw,
          pnlKrw: l.pnlKrw,
        });
      } else if (l.currentPrice !== null && l.currency !== "USD") {
        l.currentValueKrw = new Decimal(l.quantity).times(l.currentPrice).toString();
        await repo.updateLine(ctx.db, s.id, l.line, { currentValueKrw: l.currentValueKrw });
      } else
        throw new ValidationError(
          "no value in KRW and no price to compute it",
          `lines.${l.line}.currentValueKrw`,
        );
    }
    const sums = totalsOf(lines);
    await repo.updateSnapshot(ctx.db, actor.userId, s.id, {
      status: "confirmed",
      totalValueKrw: sums.total.toString(),
      purchaseValueKrw: str(sums.purchase),
      krValueKrw: sums.kr.toString(),
      usValueKrw: sums.us.toString(),
    });
    return view(ctx, await ownSnapshot(ctx, actor.userId, s.id));
  },
  audit: ({ result }) => ({
    eventType: "portfolio.snapshot",
    action: "confirm",
    resourceType: "snapshot",
    resourceId: result.id,
    newValues: {
      totalValueKrw: result.totalValueKrw,
      krValueKrw: result.krValueKrw,
      usValueKrw: result.usValueKrw,
    },
  }),
});

export const deleteSnapshot = defineVerb({
  name: "portfolio.deleteSnapshot",
  access: "user",
  input: z.object({ id: z.string() }),
  write: true,
  async run({ ctx, input, actor }) {
    const s = await ownSnapshot(ctx, actor.userId, input.id);
    await repo.deleteSnapshot(ctx.db, actor.userId, s.id);
    return { id: s.id, takenAt: new Date(s.takenAt).toISOString() };
  },
  audit: ({ result }) => ({
    eventType: "portfolio.snapshot",
    action: "delete",
    resourceType: "snapshot",
    resourceId: result.id,
    oldValues: { takenAt: result.takenAt },
  }),
});
