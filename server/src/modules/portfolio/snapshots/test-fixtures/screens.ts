// Holdings screens the tests and the benchmark draw themselves: realistic brokerage-app layouts as
// HTML (a Korean mobile app's cards, in Korean or English, light or dark; a desktop trading system's
// holdings table with Korean or English headers), each with the truth it shows. Numbers are made from
// a seeded generator, so a screen can be drawn again exactly.
import { Decimal } from "../../../../platform/money.ts";

export interface ScreenInstrument {
  symbol: string;
  mic: string;
  country: "KR" | "US";
  currency: "KRW" | "USD";
  name: string;
  nameLocal: string | null;
  price: number;
}

/** The instruments the screens hold (also seeded into the test database, for the name mapping). */
export const SCREEN_INSTRUMENTS: ScreenInstrument[] = [
  ["005930", "XKRX", "Samsung Electronics", "삼성전자", 71_200],
  ["000660", "XKRX", "SK hynix", "SK하이닉스", 182_000],
  ["035420", "XKRX", "NAVER", "네이버", 191_500],
  ["035720", "XKRX", "Kakao", "카카오", 44_850],
  ["005380", "XKRX", "Hyundai Motor", "현대차", 243_000],
  ["373220", "XKRX", "LG Energy Solution", "LG에너지솔루션", 381_500],
  ["068270", "XKRX", "Celltrion", "셀트리온", 178_900],
  ["000270", "XKRX", "Kia", "기아", 96_300],
  ["005490", "XKRX", "POSCO Holdings", "POSCO홀딩스", 379_000],
  ["105560", "XKRX", "KB Financial Group", "KB금융", 74_600],
  ["207940", "XKRX", "Samsung Biologics", "삼성바이오로직스", 812_000],
  ["323410", "XKRX", "KakaoBank", "카카오뱅크", 24_950],
].map(([symbol, mic, name, nameLocal, price]) => ({
  symbol: symbol as string,
  mic: mic as string,
  country: "KR" as const,
  currency: "KRW" as const,
  name: name as string,
  nameLocal: nameLocal as string,
  price: price as number,
}));
SCREEN_INSTRUMENTS.push(
  ...[
    ["AAPL", "XNAS", "Apple Inc.", "애플", 189.84],
    ["MSFT", "XNAS", "Microsoft Corporation", "마이크로소프트", 421.9],
    ["NVDA", "XNAS", "NVIDIA Corporation", "엔비디아", 121.44],
    ["TSLA", "XNAS", "Tesla, Inc.", "테슬라", 248.5],
    ["AMZN", "XNAS", "Amazon.com, Inc.", "아마존닷컴", 184.7],
    ["GOOGL", "XNAS", "Alphabet Inc. Class A", "알파벳 A", 171.3],
    ["KO", "XNYS", "Coca-Cola Company", "코카콜라", 62.15],
  ].map(([symbol, mic, name, nameLocal, price]) => ({
    symbol: symbol as string,
    mic: mic as string,
    country: "US" as const,
    currency: "USD" as const,
    name: name as string,
    nameLocal: nameLocal as string,
    price: price as number,
  })),
);

export interface TruthLine {
  /** The name as the screen shows it. */
  name: string;
  symbol: string;
  market: "KR" | "US";
  quantity: string;
  averagePrice: string;
  currentPrice: string | null;
  /** Value, P&L as shown, in `valueCurrency`. */
  value: string;
  pnl: string;
  pnlPct: string;
  valueCurrency: "KRW" | "USD";
}
export interface Screen {
  id: string;
  app: "cards" | "table";
  lang: "ko" | "en";
  theme: "light" | "dark";
  html: string;
  width: number;
  height: number;
  lines: TruthLine[];
  totals: {
    totalValue: string;
    purchaseValue: string;
    currency: "KRW" | "USD";
    cashKrw: string | null;
    cashUsd: string | null;
    usdKrwRate: string | null;
  };
}

/** Mulberry32: a small seeded generator. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const group = (d: Decimal, dp: number) => {
  const [int = "0", frac] = d.abs().toFixed(dp).split(".");
  return `${int.replace(/\B(?=(\d{3})+$)/g, ",")}${frac ? `.${frac}` : ""}`;
};
const signed = (d: Decimal, s: string) => `${d.isNeg() ? "-" : "+"}${s}`;

interface Holding {
  inst: ScreenInstrument;
  qty: number;
  avg: Decimal;
  cur: Decimal;
}

function pickHoldings(r: () => number, kr: number, us: number): Holding[] {
  const pick = (pool: ScreenInstrument[], n: number) => {
    const p = [...pool];
    const out: ScreenInstrument[] = [];
    while (out.length < n && p.length)
      out.push(p.splice(Math.floor(r() * p.length), 1)[0] as ScreenInstrument);
    return out;
  };
  return [
    ...pick(
      SCREEN_INSTRUMENTS.filter((i) => i.country === "KR"),
      kr,
    ),
    ...pick(
      SCREEN_INSTRUMENTS.filter((i) => i.country === "US"),
      us,
    ),
  ].map((inst) => {
    const usd = inst.currency === "USD";
    const raw = new Decimal(inst.price).times(0.85 + r() * 0.3);
    const cur = usd ? raw.toDecimalPlaces(2) : raw.div(50).round().times(50);
    const rawAvg = cur.times(0.7 + r() * 0.55);
    const avg = usd ? rawAvg.toDecimalPlaces(2) : rawAvg.toDecimalPlaces(0);
    const qty = 1 + Math.floor(r() * (usd ? 40 : 120));
    return { inst, qty, avg, cur: usd ? cur : cur.toDecimalPlaces(0) };
  });
}

/** The HTML and truth of screen number `seed` (its layout, language and theme follow from the seed). */
export function makeScreen(seed: number): Screen {
  const r = rng(seed * 7919 + 17);
  const app: Screen["app"] = seed % 2 === 0 ? "cards" : "table";
  const lang: Screen["lang"] = (seed >> 1) % 2 === 0 ? "ko" : "en";
  const theme: Screen["theme"] = (seed >> 2) % 2 === 0 ? "light" : "dark";
  const rate = new Decimal(1300 + Math.floor(r() * 150) + Math.floor(r() * 100) / 100);
  const usdTable = app === "table" && lang === "en";
  const holdings = usdTable
    ? pickHoldings(r, 0, 3 + Math.floor(r() * 3))
    : pickHoldings(r, 2 + Math.floor(r() * 4), Math.floor(r() * 3));
  const lines: TruthLine[] = holdings.map((h) => {
    const usd = h.inst.currency === "USD";
    const q = new Decimal(h.qty);
    // A Korean app shows a US holding's value and P&L in won at today's rate; a US table in dollars.
    const toValue = (x: Decimal) =>
      usd && !usdTable ? x.times(rate).toDecimalPlaces(0) : usd ? x.toDecimalPlaces(2) : x;
    const value = toValue(q.times(h.cur));
    const cost = toValue(q.times(h.avg));
    const pnl = value.minus(cost);
    return {
      name: lang === "ko" || !usdTable ? (h.inst.nameLocal ?? h.inst.name) : h.inst.name,
      symbol: h.inst.symbol,
      market: h.inst.country,
      quantity: String(h.qty),
      averagePrice: h.avg.toString(),
      currentPrice: h.cur.toString(),
      value: value.toString(),
      pnl: pnl.toString(),
      pnlPct: pnl.div(cost).times(100).toDecimalPlaces(2).toString(),
      valueCurrency: usd && usdTable ? "USD" : "KRW",
    };
  });
  if (app === "cards" && lang === "en")
    for (const l of lines)
      if (l.market === "KR") l.name = SCREEN_INSTRUMENTS.find((i) => i.symbol === l.symbol)?.name ?? l.name;
  const total = lines.reduce((s, l) => s.plus(l.value), new Decimal(0));
  const purchase = lines.reduce((s, l) => s.plus(l.value).minus(l.pnl), new Decimal(0));
  const cashKrw = usdTable ? null : new Decimal(Math.floor(r() * 5_000_000));
  const cashUsd = new Decimal(Math.floor(r() * 300_000) / 100);
  const showRate = !usdTable && lines.some((l) => l.market === "US");
  const totals = {
    totalValue: total.toString(),
    purchaseValue: purchase.toString(),
    currency: (usdTable ? "USD" : "KRW") as "KRW" | "USD",
    cashKrw: cashKrw?.toString() ?? null,
    cashUsd: cashUsd.toString(),
    usdKrwRate: showRate ? rate.toString() : null,
  };
  const style = { r, lang, theme, rate, showRate };
  const { html, width, height } =
    app === "cards" ? cardsHtml(lines, totals, style) : tableHtml(lines, totals, style);
  if (!showRate) totals.usdKrwRate = null;
  return { id: `${app}-${lang}-${theme}-${seed}`, app, lang, theme, html, width, height, lines, totals };
}

interface Style {
  r: () => number;
  lang: "ko" | "en";
  theme: "light" | "dark";
  rate: Decimal;
  showRate: boolean;
}

const page = (theme: "light" | "dark", width: number, css: string, body: string) => `<!doctype html>
<html><head><meta charset="utf-8"><style>
*{box-sizing:border-box}html,body{margin:0}
body{width:${width}px;font-family:'Noto Sans CJK KR','Noto Sans KR',sans-serif;
background:${theme === "dark" ? "#17171c" : "#ffffff"};color:${theme === "dark" ? "#e4e4e5" : "#191f28"}}
.muted{color:${theme === "dark" ? "#9e9ea4" : "#6b7684"}}.up{color:#f04452}.down{color:#3182f6}
${css}</style></head><body>${body}</body></html>`;

function cardsHtml(lines: TruthLine[], t: Screen["totals"], s: Style) {
  const ko = s.lang === "ko";
  const won = (d: Decimal | string) =>
    ko ? `${group(new Decimal(d), 0)}원` : `₩${group(new Decimal(d), 0)}`;

  const pnlTxt = (l: TruthLine) => {
    const p = new Decimal(l.pnl);
    const amt = ko ? `${group(p, 0)}원` : group(p, 0);
    return `${p.isNeg() ? "-" : "+"}${amt} (${signed(new Decimal(l.pnlPct), group(new Decimal(l.pnlPct), 2))}%)`;
  };
  const withCurrent = s.r() < 0.5;
  // What the screen does not show is not part of the truth.
  if (!withCurrent) for (const l of lines) l.currentPrice = null;
  const price = (v: string, l: TruthLine) =>
    l.market === "US"
      ? `$${group(new Decimal(v), 2)}`
      : ko
        ? `${group(new Decimal(v), 0)}원`
        : `₩${group(new Decimal(v), 0)}`;
  const avgLabel = ko ? (s.r() < 0.5 ? "평균" : "평단") : "Avg";
  const card = (l: TruthLine) => {
    const qty = ko ? `${l.quantity}주` : `${l.quantity} shares`;
    const cls = new Decimal(l.pnl).isNeg() ? "down" : "up";
    const cur =
      withCurrent && l.currentPrice ? ` · ${ko ? "현재가" : "Price"} ${price(l.currentPrice, l)}` : "";
    return `<div class="card"><div class="logo"></div><div class="body">
<div class="line"><span class="name">${l.name}</span><span class="val">${won(l.value)}</span></div>
<div class="line sub"><span class="muted">${qty} · ${avgLabel} ${price(l.averagePrice, l)}</span><span class="${cls}">${pnlTxt(l)}</span></div>${cur ? `<div class="line sub muted">${cur.slice(3)}</div>` : ""}
</div></div>`;
  };
  const kr = lines.filter((l) => l.market === "KR");
  const us = lines.filter((l) => l.market === "US");
  const section = (title: string, ls: TruthLine[]) =>
    ls.length ? `<div class="section">${title}</div>${ls.map(card).join("")}` : "";
  const pnlTotal = new Decimal(t.totalValue).minus(t.purchaseValue);
  const body = `<div class="top">
<div class="title">${ko ? "내 투자" : "My investments"}</div>
<div class="muted label">${ko ? "총 평가금액" : "Total value"}</div>
<div class="big">${won(t.totalValue)}</div>
<div class="grid">
<div><span class="muted">${ko ? "투자원금" : "Invested"}</span> ${won(t.purchaseValue)}</div>
<div><span class="muted">${ko ? "평가손익" : "Gain"}</span> <span class="${pnlTotal.isNeg() ? "down" : "up"}">${pnlTotal.isNeg() ? "-" : "+"}${won(pnlTotal.abs())}</span></div>
<div><span class="muted">${ko ? "원화 예수금" : "KRW cash"}</span> ${won(t.cashKrw ?? "0")}</div>
<div><span class="muted">${ko ? "달러 예수금" : "USD cash"}</span> $${group(new Decimal(t.cashUsd ?? "0"), 2)}</div>
${s.showRate ? `<div><span class="muted">${ko ? "환율" : "USD/KRW"}</span> ${group(s.rate, 2)}</div>` : ""}
</div></div>
${section(ko ? "국내주식" : "Korean stocks", kr)}${section(ko ? "해외주식" : "US stocks", us)}`;
  const css = `.top{padding:28px 24px 12px}.title{font-size:22px;font-weight:700;margin-bottom:22px}
.label{font-size:15px}.big{font-size:30px;font-weight:700;margin:4px 0 18px}
.grid>div{display:flex;justify-content:space-between;font-size:16px;padding:5px 0}
.section{font-size:18px;font-weight:700;padding:22px 24px 6px}
.card{display:flex;align-items:center;padding:12px 24px}.logo{width:36px;height:36px;border-radius:50%;
background:${s.theme === "dark" ? "#2c2c35" : "#e8f3ff"};margin-right:14px;flex:none}.body{flex:1}
.line{display:flex;justify-content:space-between;font-size:18px}.sub{font-size:15px;margin-top:3px}`;
  // Tall enough for everything, with a margin: a screen cut mid-card is not what an app shows.
  const height =
    380 +
    (s.showRate ? 34 : 0) +
    lines.length * (withCurrent ? 104 : 80) +
    (kr.length ? 60 : 0) +
    (us.length ? 60 : 0);
  return { html: page(s.theme, 480, css, body), width: 480, height };
}

function tableHtml(lines: TruthLine[], t: Screen["totals"], s: Style) {
  const ko = s.lang === "ko";
  const usd = t.currency === "USD";
  const head = ko
    ? ["종목명", "보유수량", "평균단가", "현재가", "평가금액", "평가손익", "수익률"]
    : ["Name", "Qty", "Avg cost", "Price", "Market value", "Gain/Loss", "Return"];
  const px = (v: string | null, l: TruthLine) =>
    v === null ? "" : group(new Decimal(v), l.market === "US" ? 2 : 0);
  const amt = (v: string) => group(new Decimal(v), usd ? 2 : 0);
  const row = (l: TruthLine) => {
    const p = new Decimal(l.pnl);
    const cls = p.isNeg() ? "down" : "up";
    return `<tr><td class="n">${l.name}</td><td>${l.quantity}</td><td>${px(l.averagePrice, l)}</td><td>${px(l.currentPrice, l)}</td><td>${amt(l.value)}</td><td class="${cls}">${p.isNeg() ? "-" : "+"}${amt(l.pnl)}</td><td class="${cls}">${signed(new Decimal(l.pnlPct), group(new Decimal(l.pnlPct), 2))}%</td></tr>`;
  };
  const cur = (v: string) => (usd ? `$${amt(v)}` : `${amt(v)}원`);
  const summary = ko
    ? [
        ["총평가금액", cur(t.totalValue)],
        ["총매입금액", cur(t.purchaseValue)],
        ["예수금", `${group(new Decimal(t.cashKrw ?? "0"), 0)}원`],
        ["외화예수금", `$${group(new Decimal(t.cashUsd ?? "0"), 2)}`],
        ...(s.showRate ? [["환율", group(s.rate, 2)]] : []),
      ]
    : [
        ["Total market value", cur(t.totalValue)],
        ["Total cost", cur(t.purchaseValue)],
        ...(t.cashKrw !== null ? [["KRW cash", `₩${group(new Decimal(t.cashKrw), 0)}`]] : []),
        ["USD cash", `$${group(new Decimal(t.cashUsd ?? "0"), 2)}`],
        ...(s.showRate ? [["USD/KRW", group(s.rate, 2)]] : []),
      ];
  const dark = s.theme === "dark";
  const body = `<div class="bar">${ko ? "잔고 · 평가" : "Positions"}</div>
<div class="sum">${summary.map(([k, v]) => `<div class="cell"><span class="muted">${k}</span><b>${v}</b></div>`).join("")}</div>
<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr></thead><tbody>${lines.map(row).join("")}</tbody></table>`;
  const css = `.bar{padding:14px 20px;font-size:20px;font-weight:700;background:${dark ? "#23232b" : "#f2f4f6"}}
.sum{display:flex;flex-wrap:wrap;gap:10px 36px;padding:16px 20px}.cell{display:flex;gap:12px;font-size:16px}
table{border-collapse:collapse;margin:6px 20px;width:calc(100% - 40px);font-size:16px}
th{font-weight:600;text-align:right;padding:10px 8px;border-bottom:2px solid ${dark ? "#3a3a44" : "#d1d6db"}}
td{text-align:right;padding:12px 8px;border-bottom:1px solid ${dark ? "#2c2c35" : "#eceef1"}}
th:first-child,td.n{text-align:left}`;
  const height = 210 + lines.length * 48;
  return { html: page(s.theme, 1000, css, body), width: 1000, height };
}
