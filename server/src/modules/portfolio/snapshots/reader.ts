// Reconstructs a brokerage app's holdings screen from OCR rows: totals (total value, purchase value,
// cash in KRW and USD, the USD/KRW rate) and one line per holding (name, quantity, average and current
// price, value, P&L and %). Two layouts are read: cards (a name row, then detail rows with inline
// labels such as "12주 · 평균 71,200원") and tables (a header row whose labels name the columns).
import { Decimal } from "../../../platform/money.ts";
import { type NumToken, type OcrWord, type Row, rowsOf, squash, type Token } from "./tokens.ts";

export type Currency = "KRW" | "USD";
export interface Amount {
  amount: string;
  currency: Currency;
}
export interface ReadLine {
  name: string;
  symbol: string | null;
  market: "KR" | "US" | null;
  /** Currency of the prices. */
  currency: Currency | null;
  quantity: string | null;
  averagePrice: string | null;
  currentPrice: string | null;
  value: Amount | null;
  purchaseValue: Amount | null;
  pnl: Amount | null;
  pnlPct: string | null;
}
export interface ReadTotals {
  totalValue: Amount | null;
  purchaseValue: Amount | null;
  cashKrw: string | null;
  cashUsd: string | null;
  usdKrwRate: string | null;
}
export interface ReadScreen {
  lines: ReadLine[];
  totals: ReadTotals;
}

type Field = "name" | "qty" | "avg" | "current" | "value" | "purchase" | "pnl" | "pct";
// Order matters: the first match wins ("매입금액" is a purchase value, "매입가" an average price).
const FIELD_LABELS: [Field, RegExp][] = [
  ["pct", /수익률|%|return|chg/],
  ["avg", /평균|평단|매입가|매입단가|avg|average|unitcost/],
  ["purchase", /매입금액|투자원금|원금|costbasis|totalcost|bookcost/],
  ["current", /현재가|현재|시세|price|last|mark/],
  ["value", /평가금액|평가액|평가|marketvalue|mktval|value/],
  ["pnl", /손익|gain|p&l|p\/l|pnl|profit|unrealized/],
  ["qty", /수량|보유|잔고|qty|quantity|shares|units/],
  ["name", /종목|name|symbol|ticker|security|instrument|holding/],
];
type TotalField = keyof ReadTotals;
const TOTAL_LABELS: [TotalField, RegExp][] = [
  ["usdKrwRate", /환율|usd\/krw|exchangerate|fxrate|rate/],
  ["cashUsd", /달러예수금|외화예수금|usd예수금|\$예수금|usdcash|cash\(usd\)|cashusd|dollarcash/],
  ["cashKrw", /원화예수금|예수금|주문가능|krwcash|cash\(krw\)|cashkrw|^cash/],
  ["purchaseValue", /총매입|매입금액|투자원금|원금|totalcost|costbasis|invested/],
  [
    "totalValue",
    /총평가|평가금액합계|총자산|totalvalue|totalmarketvalue|portfoliovalue|accountvalue|marketvalue/,
  ],
];
/** Summary rows that are neither a holding nor a total we keep (the overall P&L, the screen's title). */
const SUMMARY =
  /^(평가손익|총손익|총수익률|수익률|손익|gain|totalgain|unrealized|return|p&l|내투자|myinvestments|positions|잔고)/;
/** The overall P&L row: not kept, but it checks the purchase value (total − purchase = gain). */
const GAIN = /^(평가손익|총평가손익|총손익|gain|totalgain|unrealizedgain|unrealizedp&l)$/;
type Gain = { value: Amount | null };
const SECTION_KR = /^(국내|한국|국내주식|한국주식|krstocks?|korea|korean(stocks)?|domestic)/;
const SECTION_US = /^(해외|미국|해외주식|미국주식|usstocks?|u\.s\.stocks?|us|overseas|unitedstates)/;

const fieldOf = (text: string): Field | null =>
  FIELD_LABELS.find(([, re]) => re.test(squash(text)))?.[0] ?? null;
const totalOf = (text: string): TotalField | null =>
  TOTAL_LABELS.find(([, re]) => re.test(squash(text)))?.[0] ?? null;
const sectionOf = (text: string): "KR" | "US" | null => {
  const s = squash(text);
  return SECTION_KR.test(s) ? "KR" : SECTION_US.test(s) ? "US" : null;
};
const isWordy = (text: string) => /[\p{L}]/u.test(text);
const TICKER = /^[A-Z][A-Z0-9.]{0,5}$/;

/** Reads a screen's words into totals and holdings lines. */
export function readHoldingsScreen(words: OcrWord[]): ReadScreen {
  const rows = rowsOf(words);
  const totals: ReadTotals = {
    totalValue: null,
    purchaseValue: null,
    cashKrw: null,
    cashUsd: null,
    usdKrwRate: null,
  };
  const header = rows.findIndex(
    (r) => r.tokens.filter((t) => t.kind === "text" && fieldOf(t.text)).length >= 3 && !r.tokens.some(isNum),
  );
  const gain: { value: Amount | null } = { value: null };
  const lines = header >= 0 ? readTable(rows, header, totals, gain) : readCards(rows, totals, gain);
  for (const l of lines) finishLine(l, totals.usdKrwRate);
  repairTotals(totals, gain);
  // A summary row the OCR garbled past recognition ("평카손익 −532,776원") has neither.
  return { lines: lines.filter((l) => l.quantity !== null || l.value !== null), totals };
}

const isNum = (t: Token): t is NumToken => t.kind === "num";

/** Totals: a label with its number on the same row, or alone with the number on the next row. */
function takeTotals(rows: Row[], i: number, totals: ReadTotals, gain: Gain): boolean {
  const row = rows[i] as Row;
  let took = false;
  row.tokens.forEach((t, k) => {
    if (t.kind !== "text") return;
    if (GAIN.test(squash(t.text)) && !gain.value) {
      const n = row.tokens.slice(k + 1).find(isNum);
      if (n && n.unit === "amount")
        gain.value = { amount: n.value.toString(), currency: n.currency ?? "KRW" };
      return;
    }
    const f = totalOf(t.text);
    if (!f || totals[f] !== null) return;
    let n = row.tokens.slice(k + 1).find(isNum);
    const between = n ? row.tokens.slice(k + 1, row.tokens.indexOf(n)) : [];
    if (between.some((x) => x.kind === "text" && totalOf(x.text))) n = undefined;
    if (!n && row.tokens.length === 1) {
      const next = rows[i + 1];
      if (next && next.tokens.length <= 2 && next.tokens[0]?.kind === "num") n = next.tokens[0];
    }
    if (!n || n.unit === "qty") return;
    took = true;
    if (f === "usdKrwRate") totals.usdKrwRate = n.value.abs().toString();
    else if (f === "cashKrw") {
      if (n.currency === "USD") totals.cashUsd ??= n.value.toString();
      else totals.cashKrw = n.value.toString();
    } else if (f === "cashUsd") totals.cashUsd = n.value.toString();
    else totals[f] = { amount: n.value.toString(), currency: n.currency ?? "KRW" };
  });
  return took;
}

function emptyLine(name: string, market: "KR" | "US" | null): ReadLine {
  return {
    // A table's or card's border read as a bracket or bar at the name's end is not part of it.
    name: name.replace(/[\s[\]{}|]+$/u, "").replace(/^[\s[\]{}|]+/u, "") || name,
    symbol: null,
    market,
    currency: null,
    quantity: null,
    averagePrice: null,
    currentPrice: null,
    value: null,
    purchaseValue: null,
    pnl: null,
    pnlPct: null,
  };
}

interface Draft {
  line: ReadLine;
  nums: { token: NumToken; label: Field | null; onNameRow: boolean; first?: boolean }[];
}

/**
 * A name whose first letters the OCR read as a digit ("SK하이닉스" → "5" + "하이닉스"): a bare one- or
 * two-digit number touching the text after it, on a row with no quantity, is part of the name.
 */
function glueDigitPrefix(row: Row) {
  const [a, b] = row.tokens;
  if (a?.kind !== "num" || b?.kind !== "text") return;
  const bare = a.unit === "amount" && !a.signed && !a.currency && !a.fraction && a.value.lt(100);
  const touching = b.x0 - a.x1 < row.height * 0.35;
  if (!bare || !touching || row.tokens.some((t) => isNum(t) && t.unit === "qty")) return;
  row.tokens.splice(0, 2, { kind: "text", text: `${a.value}${b.text}`, x0: a.x0, x1: b.x1 });
}

function readCards(rows: Row[], totals: ReadTotals, gain: Gain): ReadLine[] {
  const drafts: Draft[] = [];
  let market: "KR" | "US" | null = null;
  let cur: Draft | null = null;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as Row;
    glueDigitPrefix(row);
    const first = row.tokens[0];
    if (!first) continue;
    const firstText = first.kind === "text" ? first.text : "";
    if (
      first.kind === "text" &&
      sectionOf(firstText) &&
      !row.tokens.some((t) => isNum(t) && t.unit === "amount")
    ) {
      market = sectionOf(firstText);
      cur = null;
      continue;
    }
    if (first.kind === "text" && totalOf(firstText)) {
      if (takeTotals(rows, i, totals, gain)) {
        if (row.tokens.length === 1) i++;
        cur = null;
        continue;
      }
    }
    if (first.kind === "text" && GAIN.test(squash(firstText))) takeTotals(rows, i, totals, gain);
    if (first.kind === "text" && SUMMARY.test(squash(firstText)) && !cur?.nums.length) {
      cur = null;
      continue;
    }
    // A ticker first ("AAPL · 10 shares") is a detail row; a name in capitals ("NAVER 19,066,500") is not.
    const tickerRow =
      TICKER.test(firstText) &&
      (row.tokens.some((t) => isNum(t) && t.unit === "qty") || !row.tokens.some(isNum));
    const isDetail =
      first.kind === "num" ||
      (first.kind === "text" && (fieldOf(firstText) !== null || tickerRow) && cur !== null);
    if (!isDetail && first.kind === "text" && isWordy(firstText)) {
      cur = { line: emptyLine(firstText, market), nums: [] };
      drafts.push(cur);
      addNums(cur, row.tokens.slice(1), true);
      continue;
    }
    if (cur) {
      if (first.kind === "text" && TICKER.test(firstText)) cur.line.symbol = firstText;
      addNums(cur, row.tokens, false);
    }
  }
  return drafts.filter((d) => d.nums.length > 0).map(assignCardFields);
}

/** Numbers of a row, each labelled by the text right before it (when that text names a field). */
function addNums(d: Draft, tokens: Token[], onNameRow: boolean) {
  let label: Field | null = null;
  for (const t of tokens) {
    if (t.kind === "text") {
      label = fieldOf(t.text);
      if (!label && TICKER.test(t.text) && !d.line.symbol) d.line.symbol = t.text;
      continue;
    }
    d.nums.push({ token: t, label, onNameRow, first: t === tokens[0] });
    label = null;
  }
}

function assignCardFields(d: Draft): ReadLine {
  const l = d.line;
  const take = (f: Field) => d.nums.find((n) => n.label === f);
  const used = new Set<NumToken>();
  const use = (n: { token: NumToken } | undefined) => {
    if (n) used.add(n.token);
    return n?.token;
  };
  // "28주" read as "28%": with a second % on the card, an unsigned whole-number % opening a detail row
  // is the quantity.
  const pcts = d.nums.filter((n) => n.token.unit === "pct");
  const qtyAsPct =
    pcts.length >= 2 && !d.nums.some((n) => n.token.unit === "qty")
      ? pcts.find((n) => !n.onNameRow && !n.token.signed && !n.token.fraction && n.first)
      : undefined;
  if (qtyAsPct) qtyAsPct.token.unit = "qty";
  const qty = use(take("qty") ?? d.nums.find((n) => n.token.unit === "qty"));
  const pct = use(take("pct") ?? d.nums.find((n) => n.token.unit === "pct"));
  const avg = use(take("avg"));
  const current = use(take("current"));
  const purchase = use(take("purchase"));
  const free = () => d.nums.filter((n) => !used.has(n.token) && n.token.unit === "amount");
  // The P&L: labelled, or the signed amount, or (shown unsigned, its colour lost) the detail rows'
  // last amount when a % stands beside it.
  const pnl = use(
    take("pnl") ??
      free().find((n) => n.token.signed) ??
      (pct
        ? free()
            .filter((n) => !n.onNameRow && !n.label)
            .at(-1)
        : undefined),
  );
  const value = use(take("value") ?? free().find((n) => n.onNameRow && !n.token.signed) ?? free()[0]);
  if (qty) l.quantity = qty.value.abs().toString();
  if (pct) l.pnlPct = pct.value.toString();
  setPrices(l, avg, current);
  if (value) l.value = amountOf(value, l);
  if (pnl) l.pnl = amountOf(pnl, l);
  // Colour carries the sign on some screens and OCR drops a minus now and then: the % decides.
  if (l.pnl && pct && !pct.value.isZero() && new Decimal(l.pnl.amount).isNeg() !== pct.value.isNeg())
    l.pnl.amount = new Decimal(l.pnl.amount).neg().toString();
  if (purchase) l.purchaseValue = amountOf(purchase, l);
  return l;
}

function setPrices(l: ReadLine, avg: NumToken | undefined, current: NumToken | undefined) {
  const ps = [avg, current].filter((x): x is NumToken => x !== undefined);
  const usd = ps.some((p) => p.currency === "USD" || p.maybeDollar || p.fraction);
  l.currency = ps.some((p) => p.currency === "KRW") ? "KRW" : usd ? "USD" : ps.length ? "KRW" : null;
  if (l.currency === "USD") l.market ??= "US";
  if (avg) l.averagePrice = avg.value.abs().toString();
  if (current) l.currentPrice = current.value.abs().toString();
  (l as ReadLine & { _maybe?: [boolean, boolean] })._maybe = [
    avg?.maybeDollar ?? false,
    current?.maybeDollar ?? false,
  ];
}

function amountOf(n: NumToken, l: ReadLine): Amount {
  const currency: Currency = n.currency ?? (l.currency === "USD" && n.fraction ? "USD" : "KRW");
  return { amount: n.value.toString(), currency };
}

function readTable(rows: Row[], header: number, totals: ReadTotals, gain: Gain): ReadLine[] {
  const cols = (rows[header] as Row).tokens
    .filter((t) => t.kind === "text")
    .map((t) => ({ field: fieldOf(t.text), x0: t.x0, x1: t.x1, cx: (t.x0 + t.x1) / 2 }));
  const colOf = (t: Token) => {
    let best = cols[0];
    let bestScore = -Infinity;
    for (const c of cols) {
      const overlap = Math.min(c.x1, t.x1) - Math.max(c.x0, t.x0);
      const score = overlap > 0 ? overlap : -Math.abs(c.cx - (t.x0 + t.x1) / 2);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    return best?.field ?? null;
  };
  for (let i = 0; i < header; i++) takeTotals(rows, i, totals, gain);
  const drafts: Draft[] = [];
  let market: "KR" | "US" | null = null;
  let cur: Draft | null = null;
  for (let i = header + 1; i < rows.length; i++) {
    const row = rows[i] as Row;
    const first = row.tokens[0];
    if (!first) continue;
    if (first.kind === "text" && totalOf(first.text) && takeTotals(rows, i, totals, gain)) {
      cur = null;
      continue;
    }
    if (first.kind === "text" && sectionOf(first.text) && !row.tokens.some(isNum)) {
      market = sectionOf(first.text);
      continue;
    }
    const nameTok = row.tokens.find((t) => t.kind === "text" && colOf(t) === "name" && isWordy(t.text));
    if (nameTok && nameTok.kind === "text" && (row.tokens.some(isNum) || !cur)) {
      cur = { line: emptyLine(nameTok.text, market), nums: [] };
      drafts.push(cur);
    } else if (nameTok && nameTok.kind === "text" && cur && TICKER.test(nameTok.text)) {
      cur.line.symbol = nameTok.text;
    }
    if (!cur) continue;
    for (const t of row.tokens) {
      if (t.kind === "text") {
        if (t !== nameTok && TICKER.test(t.text)) cur.line.symbol ??= t.text;
        continue;
      }
      const f = colOf(t);
      cur.nums.push({ token: t, label: f === "name" ? null : f, onNameRow: true });
    }
  }
  return drafts.filter((d) => d.nums.length > 0).map(assignCardFields);
}

/** USD/KRW has stayed within this range for decades: a rate outside it means a misread price. */
const PLAUSIBLE_RATE = [700, 2500] as const;
const TYPICAL_RATE = 1300;

/**
 * Repairs and completes a line from its own numbers: a `$` read as a leading 5 is dropped only when
 * the prices without it agree with the line's P&L % (or, with no current price, when the cost in KRW
 * over the quantity gives a plausible USD/KRW rate); the market from the currency; the quantity from
 * value ÷ price when it was not shown.
 */
function finishLine(l: ReadLine, screenRate: string | null) {
  const holder = l as ReadLine & { _maybe?: [boolean, boolean] };
  const maybe = holder._maybe ?? [false, false];
  delete holder._maybe;
  if (maybe[0] || maybe[1]) {
    const strip = (s: string | null, m: boolean) => (s && m ? s.replace(/^5/, "") : s);
    const [a2, c2] = [strip(l.averagePrice, maybe[0]), strip(l.currentPrice, maybe[1])];
    const pct = l.pnlPct ? new Decimal(l.pnlPct) : null;
    const fits = (a: string | null, c: string | null) =>
      pct && a && c && !new Decimal(a).isZero()
        ? new Decimal(c).div(a).minus(1).times(100).minus(pct).abs().lte(0.06)
        : false;
    const rateOf = (avg: string | null) => {
      if (!avg || !l.value || !l.pnl || !l.quantity || l.value.currency !== "KRW") return null;
      const cost = new Decimal(l.value.amount).minus(l.pnl.amount);
      return cost.div(l.quantity).div(avg);
    };
    // Apps value the cost at the rate of the day or of the purchase: the implied rate need only be
    // plausible, and nearer the screen's rate (or a typical one) than the other reading's.
    const anchor = new Decimal(screenRate ?? TYPICAL_RATE);
    const distance = (r: Decimal | null) =>
      r === null ? Infinity : Math.abs(Math.log(r.div(anchor).toNumber()));
    const plausible = (r: Decimal | null) => (r?.gte(PLAUSIBLE_RATE[0]) && r.lte(PLAUSIBLE_RATE[1])) === true;
    if (l.currentPrice && l.averagePrice) {
      if (!fits(l.averagePrice, l.currentPrice) && fits(a2, c2)) {
        l.averagePrice = a2;
        l.currentPrice = c2;
      }
    } else if (
      l.averagePrice &&
      maybe[0] &&
      plausible(rateOf(a2)) &&
      distance(rateOf(a2)) < distance(rateOf(l.averagePrice))
    ) {
      l.averagePrice = a2;
    }
  }
  // "₩34,839" read as "134,839": in won, average × quantity must give value − P&L (to the won).
  if (l.currency === "KRW" && l.averagePrice && l.quantity && l.value?.currency === "KRW" && l.pnl) {
    const cost = new Decimal(l.value.amount).minus(l.pnl.amount);
    const q = new Decimal(l.quantity);
    const fitsCost = (a: string) => new Decimal(a).times(q).minus(cost).abs().lte(q);
    const stripped = l.averagePrice.replace(/^[17]/, "");
    if (!fitsCost(l.averagePrice) && stripped !== l.averagePrice && stripped !== "" && fitsCost(stripped))
      l.averagePrice = stripped;
  }
  if (l.currency === "USD") l.market ??= "US";
  if (l.currency === "KRW") l.market ??= "KR";
  if (!l.quantity && l.value && l.currentPrice && l.value.currency === l.currency) {
    const q = new Decimal(l.value.amount).div(l.currentPrice);
    if (q.minus(q.round()).abs().lte(0.001)) l.quantity = q.round().toString();
  }
}

/** "₩45,689,010" read as "145,689,010": the purchase value must be the total less the gain. */
function repairTotals(t: ReadTotals, gain: Gain) {
  const [v, p, g] = [t.totalValue, t.purchaseValue, gain.value];
  if (!v || !p || !g || v.currency !== p.currency) return;
  const want = new Decimal(v.amount).minus(g.amount);
  if (want.eq(p.amount)) return;
  const stripped = p.amount.replace(/^[17]/, "");
  if (stripped !== p.amount && stripped !== "" && want.eq(stripped)) p.amount = stripped;
}
