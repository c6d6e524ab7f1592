// The layout reader on word boxes laid out by hand (what OCR answers), so every rule runs without
// Chromium or the OCR: numbers and units, rows, cards, tables, totals, and the repairs.
import { describe, expect, it } from "vitest";
import { similarity } from "./matching.ts";
import { readHoldingsScreen } from "./reader.ts";
import { numberOf, type OcrWord, rowsOf } from "./tokens.ts";

/** Words on rows: [y, [[x, text], …]], each word 14 px a character, 24 px high. */
function page(rows: [number, [number, string][]][]): OcrWord[] {
  return rows.flatMap(([y, ws]) =>
    ws.map(([x, text]) => ({ text, x0: x, y0: y, x1: x + 14 * [...text].length, y1: y + 24, conf: 90 })),
  );
}

describe("numbers as the screens write them", () => {
  it.each([
    ["+26,400원", "26400", true, "KRW", "amount"],
    ["-12,300", "-12300", true, null, "amount"],
    ["−1,234", "-1234", true, null, "amount"],
    ["▼1,200", "-1200", true, null, "amount"],
    ["▲350", "350", true, null, "amount"],
    ["(+3.09%)", "3.09", true, null, "pct"],
    ["(-0.93%)", "-0.93", true, null, "pct"],
    ["$172.40", "172.4", false, "USD", "amount"],
    ["+$121.00", "121", true, "USD", "amount"],
    ["₩71,200", "71200", false, "KRW", "amount"],
    ["12주", "12", false, null, "qty"],
    ["1,845.00", "1845", false, null, "amount"],
    ["1,312,550원", "1312550", false, "KRW", "amount"],
  ])("%s", (text, value, signed, currency, unit) => {
    const n = numberOf(text);
    expect(n?.value.toString()).toBe(value);
    expect(n).toMatchObject({ signed, currency, unit });
  });

  it("is not fooled by text, broken groups or dates", () => {
    for (const t of ["삼성전자", "12,34", "1,2345", "AAPL", "2024-01-02", "", "%"])
      expect(numberOf(t), t).toBeNull();
  });

  it("flags a leading 5 before two decimals as a possible misread $", () => {
    expect(numberOf("5172.40")?.maybeDollar).toBe(true);
    expect(numberOf("172.40")?.maybeDollar).toBe(false);
    expect(numberOf("5172")?.maybeDollar).toBe(false);
  });
});

describe("rows", () => {
  it("joins words on one line, a unit word to its number, Hangul syllables to one word", () => {
    const rows = rowsOf(
      page([
        [
          100,
          [
            [50, "삼"],
            [66, "성"],
            [82, "전"],
            [98, "자"],
            [700, "880,800"],
            [800, "원"],
          ],
        ],
        [
          130,
          [
            [50, "12"],
            [80, "주"],
            [110, "·"],
            [130, "평균"],
            [170, "71,200"],
            [260, "원"],
          ],
        ],
      ]),
    );
    expect(rows).toHaveLength(2);
    expect(
      rows[0]?.tokens.map((t) => (t.kind === "text" ? t.text : `${t.value}:${t.unit}:${t.currency}`)),
    ).toEqual(["삼성전자", "880800:amount:KRW"]);
    expect(rows[1]?.tokens.map((t) => (t.kind === "text" ? t.text : `${t.value}:${t.unit}`))).toEqual([
      "12:qty",
      "평균",
      "71200:amount",
    ]);
  });

  it("takes a lone $ before a number as its currency", () => {
    const [row] = rowsOf(
      page([
        [
          10,
          [
            [10, "Avg"],
            [70, "$"],
            [86, "172.40"],
          ],
        ],
      ]),
    );
    expect(row?.tokens[1]).toMatchObject({ kind: "num", currency: "USD", maybeDollar: false });
  });
});

describe("a Korean app's cards", () => {
  const words = page([
    [
      20,
      [
        [40, "내"],
        [60, "투자"],
      ],
    ],
    [
      60,
      [
        [40, "총"],
        [70, "평가금액"],
      ],
    ],
    [90, [[40, "2,790,350원"]]],
    [
      130,
      [
        [40, "투자원금"],
        [600, "2,725,250원"],
      ],
    ],
    [
      160,
      [
        [40, "평가손익"],
        [600, "+65,100원"],
      ],
    ],
    [
      190,
      [
        [40, "원화"],
        [80, "예수금"],
        [600, "1,204,500원"],
      ],
    ],
    [
      220,
      [
        [40, "달러"],
        [80, "예수금"],
        [600, "$310.25"],
      ],
    ],
    [
      250,
      [
        [40, "환율"],
        [600, "1,385.20"],
      ],
    ],
    [300, [[40, "국내주식"]]],
    [
      340,
      [
        [90, "삼성전자"],
        [600, "880,800원"],
      ],
    ],
    [
      370,
      [
        [90, "12주"],
        [150, "평균"],
        [200, "71,200원"],
        [520, "+26,400원"],
        [650, "(+3.09%)"],
      ],
    ],
    [
      410,
      [
        [90, "5하이닉스"],
        [600, "597,000원"],
      ],
    ],
    [
      440,
      [
        [90, "3주"],
        [150, "평균"],
        [200, "182,000원"],
        [520, "51,000원"],
        [650, "(+9.34%)"],
      ],
    ],
    [490, [[40, "해외주식"]]],
    [
      530,
      [
        [90, "애플"],
        [600, "1,312,550원"],
      ],
    ],
    [
      560,
      [
        [90, "5주"],
        [150, "평균"],
        [200, "5172.40"],
        [520, "-12,300원"],
        [650, "(-0.93%)"],
      ],
    ],
  ]);
  const screen = readHoldingsScreen(words);

  it("reads the totals: a label over its amount, labels beside theirs", () => {
    expect(screen.totals).toEqual({
      totalValue: { amount: "2790350", currency: "KRW" },
      purchaseValue: { amount: "2725250", currency: "KRW" },
      cashKrw: "1204500",
      cashUsd: "310.25",
      usdKrwRate: "1385.2",
    });
  });

  it("reads each card, the market from its section, and skips the summary rows", () => {
    expect(
      screen.lines.map((l) => [
        l.name,
        l.market,
        l.quantity,
        l.averagePrice,
        l.value?.amount,
        l.pnl?.amount,
        l.pnlPct,
      ]),
    ).toEqual([
      ["삼성전자", "KR", "12", "71200", "880800", "26400", "3.09"],
      // An unsigned P&L takes its sign from the %.
      ["5하이닉스", "KR", "3", "182000", "597000", "51000", "9.34"],
      // "$172.40" read as "5172.40": the cost in won over the quantity gives a plausible rate only without the 5.
      ["애플", "US", "5", "172.4", "1312550", "-12300", "-0.93"],
    ]);
    expect(screen.lines[2]).toMatchObject({ currency: "USD", value: { currency: "KRW" } });
  });
});

describe("repairs of the OCR's usual slips, each checked against the screen's own arithmetic", () => {
  const words = page([
    [
      60,
      [
        [40, "Total"],
        [110, "value"],
      ],
    ],
    [90, [[40, "W43,805,197"]]],
    [
      130,
      [
        [40, "Invested"],
        [600, "145,689,010"],
      ],
    ],
    [
      160,
      [
        [40, "Gain"],
        [600, "-1,883,813"],
      ],
    ],
    [
      210,
      [
        [90, "KakaoBank"],
        [600, "2,425,200"],
      ],
    ],
    [
      240,
      [
        [90, "86"],
        [140, "shares"],
        [250, "Avg"],
        [300, "134,839"],
        [520, "-570,954"],
        [650, "(-19.06%)"],
      ],
    ],
    [
      290,
      [
        [90, "네이버"],
        [600, "5,721,800¥"],
      ],
    ],
    [
      320,
      [
        [90, "28%"],
        [150, "평단"],
        [200, "150,353원"],
        [520, "+1,511,916원"],
        [650, "(+35.91%)"],
      ],
    ],
    [
      370,
      [
        [40, "평카손익"],
        [600, "-532,776원"],
      ],
    ],
  ]);
  const s = readHoldingsScreen(words);

  it("drops a leading 1 the ₩ became when the purchase value then equals total − gain", () => {
    expect(s.totals.totalValue?.amount).toBe("43805197");
    expect(s.totals.purchaseValue?.amount).toBe("45689010");
  });

  it("drops it from an average price when average × quantity then equals value − P&L", () => {
    expect(s.lines[0]).toMatchObject({ name: "KakaoBank", quantity: "86", averagePrice: "34839" });
  });

  it("reads 원 misread as ¥, and a quantity misread as a % when the card has its own %", () => {
    expect(s.lines[1]).toMatchObject({
      name: "네이버",
      quantity: "28",
      value: { amount: "5721800", currency: "KRW" },
      pnlPct: "35.91",
    });
  });

  it('keeps a name whose first letters were read as a digit ("SK" → "5") on its own card', () => {
    const r = readHoldingsScreen(
      page([
        [
          10,
          [
            [90, "삼성전자"],
            [600, "880,800원"],
          ],
        ],
        [
          40,
          [
            [90, "12주"],
            [150, "평균"],
            [200, "71,200원"],
            [520, "+26,400원"],
            [650, "(+3.09%)"],
          ],
        ],
        [
          80,
          [
            [90, "5"],
            [107, "하이"],
            [137, "닉스"],
            [600, "597,000원"],
          ],
        ],
        [
          110,
          [
            [90, "3주"],
            [150, "평균"],
            [200, "182,000원"],
            [520, "+51,000원"],
            [650, "(+9.34%)"],
          ],
        ],
      ]),
    );
    expect(r.lines.map((l) => [l.name, l.quantity, l.value?.amount])).toEqual([
      ["삼성전자", "12", "880800"],
      ["5하이닉스", "3", "597000"],
    ]);
  });

  it("keeps no line for a garbled summary row with neither quantity nor value", () => {
    expect(s.lines).toHaveLength(2);
  });
});

describe("a holdings table", () => {
  it("reads the columns by their header, in dollars, and repairs a misread $ by the P&L %", () => {
    const words = page([
      [
        20,
        [
          [20, "Total"],
          [100, "market"],
          [200, "value"],
          [300, "$10,283.30"],
        ],
      ],
      [
        60,
        [
          [20, "Name"],
          [300, "Qty"],
          [400, "Avg"],
          [460, "cost"],
          [600, "Price"],
          [740, "Market"],
          [850, "value"],
          [1000, "Gain/Loss"],
          [1200, "Return"],
        ],
      ],
      [
        100,
        [
          [20, "Apple"],
          [100, "Inc."],
          [300, "36"],
          [410, "208.03"],
          [600, "182.13"],
          [800, "6,556.68"],
          [1020, "-932.40"],
          [1200, "-12.45%"],
        ],
      ],
      [
        140,
        [
          [20, "NVIDIA"],
          [130, "Corporation"],
          [300, "30"],
          [410, "5100.00"],
          [600, "5124.22"],
          [800, "3,726.60"],
          [1020, "+726.60"],
          [1200, "+24.22%"],
        ],
      ],
    ]);
    const s = readHoldingsScreen(words);
    expect(s.totals.totalValue).toEqual({ amount: "10283.3", currency: "USD" });
    expect(s.lines).toEqual([
      {
        name: "Apple Inc.",
        symbol: null,
        market: "US",
        currency: "USD",
        quantity: "36",
        averagePrice: "208.03",
        currentPrice: "182.13",
        value: { amount: "6556.68", currency: "USD" },
        purchaseValue: null,
        pnl: { amount: "-932.4", currency: "USD" },
        pnlPct: "-12.45",
      },
      expect.objectContaining({
        name: "NVIDIA Corporation",
        averagePrice: "100",
        currentPrice: "124.22",
        quantity: "30",
      }),
    ]);
  });

  it("reads Korean headers, won values and a quantity left blank (value ÷ price)", () => {
    const words = page([
      [
        60,
        [
          [20, "종목명"],
          [300, "보유수량"],
          [420, "평균단가"],
          [540, "현재가"],
          [660, "평가금액"],
          [780, "평가손익"],
          [900, "수익률"],
        ],
      ],
      [
        100,
        [
          [20, "카카오"],
          [300, "83"],
          [420, "50,669"],
          [540, "41,650"],
          [660, "3,456,950"],
          [780, "-748,577"],
          [900, "-17.80%"],
        ],
      ],
      [
        140,
        [
          [20, "기아"],
          [420, "90,931"],
          [540, "88,600"],
          [660, "5,936,200"],
          [780, "-156,177"],
          [900, "-2.56%"],
        ],
      ],
    ]);
    const s = readHoldingsScreen(words);
    expect(s.lines.map((l) => [l.name, l.market, l.currency, l.quantity, l.value?.amount])).toEqual([
      ["카카오", "KR", "KRW", "83", "3456950"],
      ["기아", "KR", "KRW", "67", "5936200"],
    ]);
  });

  it("cleans a name of full-width forms and of a border read as a bracket", () => {
    const words = page([
      [
        60,
        [
          [20, "종목명"],
          [300, "보유수량"],
          [420, "평가금액"],
          [540, "수익률"],
        ],
      ],
      [
        100,
        [
          [20, "Ｌ６에너지솔루션"],
          [300, "1"],
          [420, "348,400"],
          [540, "+16.56%"],
        ],
      ],
      [
        140,
        [
          [20, "기아]"],
          [300, "17"],
          [420, "1,836,850"],
          [540, "-12.94%"],
        ],
      ],
    ]);
    expect(readHoldingsScreen(words).lines.map((l) => l.name)).toEqual(["L6에너지솔루션", "기아"]);
  });

  it("answers no line for a page with no holdings", () => {
    expect(
      readHoldingsScreen(
        page([
          [
            10,
            [
              [10, "Hello"],
              [100, "world"],
            ],
          ],
        ]),
      ).lines,
    ).toEqual([]);
    expect(readHoldingsScreen([]).lines).toEqual([]);
  });
});

describe("name similarity", () => {
  it("scores OCR slips high and other names low", () => {
    expect(similarity("5하이닉스", "SK하이닉스")).toBeGreaterThanOrEqual(0.5);
    expect(similarity("Ｌ6에너지솔루션", "LG에너지솔루션")).toBeGreaterThanOrEqual(0.7);
    expect(similarity("삼성 전자", "삼성전자")).toBe(1);
    expect(similarity("카카오", "카카오뱅크")).toBeLessThan(0.7);
    expect(similarity("애플", "엔비디아")).toBeLessThan(0.5);
  });
});
