// Properties of the reader: any amount written as the apps write it reads back to its value, and any
// holdings table or card list laid out as word boxes (with clean OCR) reads back exactly.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Decimal } from "../../../platform/money.ts";
import { readHoldingsScreen } from "./reader.ts";
import { numberOf, type OcrWord } from "./tokens.ts";

const grouped = (d: Decimal, dp: number) => {
  const [int = "0", frac] = d.abs().toFixed(dp).split(".");
  return `${int.replace(/\B(?=(\d{3})+$)/g, ",")}${frac ? `.${frac}` : ""}`;
};

const amount = fc.record({
  cents: fc.bigInt({ min: -(10n ** 13n), max: 10n ** 13n }),
  dp: fc.constantFrom(0, 2),
  style: fc.constantFrom("plain", "won", "dollar", "wonPrefix", "arrow"),
});

describe("numbers", () => {
  it("read back any amount in the apps' notations", () => {
    fc.assert(
      fc.property(amount, ({ cents, dp, style }) => {
        const d = new Decimal(cents.toString()).div(dp ? 100 : 1);
        const g = grouped(d, dp);
        const neg = d.isNeg();
        const text =
          style === "won"
            ? `${neg ? "-" : "+"}${g}원`
            : style === "dollar"
              ? `${neg ? "-" : "+"}$${g}`
              : style === "wonPrefix"
                ? `${neg ? "-" : ""}₩${g}`
                : style === "arrow"
                  ? `${neg ? "▼" : "▲"}${g}`
                  : `${neg ? "-" : ""}${g}`;
        const n = numberOf(text);
        expect(n?.value.eq(d), text).toBe(true);
        expect(n?.currency).toBe(
          style === "won" || style === "wonPrefix" ? "KRW" : style === "dollar" ? "USD" : null,
        );
      }),
      { numRuns: 500 },
    );
  });
});

interface Holding {
  name: string;
  qty: number;
  avg: Decimal;
  cur: Decimal;
}
const NAMES = ["삼성전자", "카카오", "현대차", "Apple Inc.", "Tesla, Inc.", "셀트리온", "기아", "KB금융"];
const holding = fc.record({
  name: fc.constantFrom(...NAMES),
  qty: fc.integer({ min: 1, max: 50_000 }),
  avg: fc.integer({ min: 100, max: 5_000_000 }).map((x) => new Decimal(x)),
  cur: fc.integer({ min: 100, max: 5_000_000 }).map((x) => new Decimal(x)),
});

/** Word boxes of a line of text starting at x, 13 px a character, 24 px high. */
function wordsAt(x: number, y: number, text: string): OcrWord[] {
  const out: OcrWord[] = [];
  let at = x;
  for (const w of text.split(" ")) {
    const width = 13 * [...w].length;
    out.push({ text: w, x0: at, y0: y, x1: at + width, y1: y + 24, conf: 95 });
    at += width + 12;
  }
  return out;
}

const pctOf = (h: Holding) => h.cur.div(h.avg).minus(1).times(100).toDecimalPlaces(2);

describe("layouts", () => {
  it("read back any Korean holdings table exactly", () => {
    fc.assert(
      fc.property(fc.array(holding, { minLength: 1, maxLength: 12 }), (hs) => {
        const cols = [20, 330, 480, 640, 800, 1000, 1200];
        const words = ["종목명", "보유수량", "평균단가", "현재가", "평가금액", "평가손익", "수익률"].flatMap(
          (h, k) => wordsAt(cols[k] as number, 40, h),
        );
        hs.forEach((h, r) => {
          const value = h.cur.times(h.qty);
          const pnl = value.minus(h.avg.times(h.qty));
          const cells = [
            h.name,
            String(h.qty),
            grouped(h.avg, 0),
            grouped(h.cur, 0),
            grouped(value, 0),
            `${pnl.isNeg() ? "-" : "+"}${grouped(pnl, 0)}`,
            `${pctOf(h).isNeg() ? "-" : "+"}${grouped(pctOf(h), 2)}%`,
          ];
          for (const [k, c] of cells.entries()) words.push(...wordsAt(cols[k] as number, 90 + r * 48, c));
        });
        const s = readHoldingsScreen(words);
        expect(
          s.lines.map((l) => [l.name, l.quantity, l.averagePrice, l.currentPrice, l.value?.amount, l.pnlPct]),
        ).toEqual(
          hs.map((h) => [
            h.name,
            String(h.qty),
            h.avg.toString(),
            h.cur.toString(),
            h.cur.times(h.qty).toString(),
            pctOf(h).toString(),
          ]),
        );
      }),
      { numRuns: 100 },
    );
  });

  it("read back any list of Korean cards exactly", () => {
    fc.assert(
      fc.property(fc.array(holding, { minLength: 1, maxLength: 10 }), (hs) => {
        const words: OcrWord[] = [...wordsAt(40, 10, "국내주식")];
        hs.forEach((h, r) => {
          const y = 60 + r * 80;
          const value = h.cur.times(h.qty);
          const pnl = value.minus(h.avg.times(h.qty));
          words.push(...wordsAt(90, y, h.name), ...wordsAt(600, y, `${grouped(value, 0)}원`));
          words.push(
            ...wordsAt(90, y + 32, `${h.qty}주 · 평균 ${grouped(h.avg, 0)}원`),
            ...wordsAt(560, y + 32, `${pnl.isNeg() ? "-" : "+"}${grouped(pnl, 0)}원`),
            ...wordsAt(760, y + 32, `(${pctOf(h).isNeg() ? "-" : "+"}${grouped(pctOf(h), 2)}%)`),
          );
        });
        const s = readHoldingsScreen(words);
        expect(
          s.lines.map((l) => [l.name, l.market, l.quantity, l.averagePrice, l.value?.amount, l.pnl?.amount]),
        ).toEqual(
          hs.map((h) => {
            const value = h.cur.times(h.qty);
            return [
              h.name,
              "KR",
              String(h.qty),
              h.avg.toString(),
              value.toString(),
              value.minus(h.avg.times(h.qty)).toString(),
            ];
          }),
        );
      }),
      { numRuns: 100 },
    );
  });
});
