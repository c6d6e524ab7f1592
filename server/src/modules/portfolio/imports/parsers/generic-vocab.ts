// The generic CSV's words: what a type cell says (buy, sell, dividend… in English, German, Dutch,
// French, Spanish and Korean, plus common broker phrasings), and the column titles that suggest each
// mapping field, so the preview can propose a mapping the user only confirms.
import type { TransactionType } from "../../engine/types.ts";

/** Lower case, accents and punctuation dropped, any script kept (Hangul titles and types). */
export function foldWord(raw: string): string {
  return raw
    .replace(/^\uFEFF/, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The fields a mapping can name (its keys), in the order the preview shows them. */
export const MAPPING_FIELDS = [
  "date",
  "type",
  "symbol",
  "isin",
  "name",
  "quantity",
  "price",
  "amount",
  "fee",
  "tax",
  "currency",
  "fxRate",
  "externalId",
  "account",
  "note",
] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];

/** Column titles (as `foldWord` writes them) that suggest each field. */
const FIELD_TITLES: Record<MappingField, readonly string[]> = {
  date: [
    "date",
    "trade date",
    "transaction date",
    "datum",
    "data",
    "fecha",
    "datetime",
    "time",
    "timestamp",
    "buchungstag",
    "handelstag",
    "date de transaction",
    "일자",
    "거래일",
    "거래일자",
    "날짜",
    "체결일",
  ],
  type: [
    "type",
    "action",
    "transaction type",
    "activity",
    "side",
    "buy sell",
    "operation",
    "transactietype",
    "typ",
    "art",
    "transaktionsart",
    "sens",
    "tipo",
    "거래구분",
    "구분",
    "매매구분",
    "유형",
    "거래유형",
  ],
  symbol: [
    "symbol",
    "ticker",
    "code",
    "instrument",
    "stock",
    "security",
    "asset",
    "coin",
    "tickersymbol",
    "wertpapier",
    "valeur",
    "simbolo",
    "종목코드",
    "티커",
    "심볼",
  ],
  isin: ["isin", "isin code", "code isin"],
  name: [
    "name",
    "description",
    "security name",
    "product",
    "instrument name",
    "naam",
    "bezeichnung",
    "libelle",
    "nombre",
    "종목명",
    "종목",
  ],
  quantity: [
    "quantity",
    "qty",
    "shares",
    "units",
    "no of shares",
    "aantal",
    "anzahl",
    "stuck",
    "stueck",
    "quantite",
    "cantidad",
    "quantita",
    "수량",
    "체결수량",
    "거래수량",
  ],
  price: [
    "price",
    "unit price",
    "price per share",
    "share price",
    "koers",
    "kurs",
    "prix",
    "cours",
    "precio",
    "prezzo",
    "단가",
    "가격",
    "체결가",
    "체결단가",
    "거래단가",
  ],
  amount: [
    "amount",
    "total",
    "value",
    "net amount",
    "gross amount",
    "total amount",
    "bedrag",
    "waarde",
    "betrag",
    "montant",
    "importe",
    "금액",
    "거래금액",
    "정산금액",
    "체결금액",
  ],
  fee: [
    "fee",
    "fees",
    "commission",
    "commissions",
    "costs",
    "kosten",
    "gebuhren",
    "gebuhr",
    "provision",
    "frais",
    "comision",
    "수수료",
  ],
  tax: [
    "tax",
    "taxes",
    "withholding tax",
    "belasting",
    "steuer",
    "steuern",
    "quellensteuer",
    "impot",
    "impuesto",
    "세금",
    "제세금",
    "원천징수",
  ],
  currency: ["currency", "ccy", "valuta", "wahrung", "devise", "moneda", "통화", "통화코드"],
  fxRate: [
    "fx rate",
    "exchange rate",
    "fx",
    "wisselkoers",
    "wechselkurs",
    "taux de change",
    "tipo de cambio",
    "환율",
  ],
  externalId: [
    "id",
    "transaction id",
    "order id",
    "reference",
    "ref",
    "referenz",
    "referentie",
    "주문번호",
    "거래번호",
  ],
  account: [
    "account",
    "account id",
    "account number",
    "rekening",
    "konto",
    "compte",
    "cuenta",
    "계좌",
    "계좌번호",
  ],
  note: [
    "note",
    "notes",
    "comment",
    "memo",
    "remark",
    "opmerking",
    "bemerkung",
    "commentaire",
    "비고",
    "적요",
  ],
};

/**
 * Suggests a mapping for a header: each field takes the first column whose title is one of its titles
 * (exactly, after normalising), else one whose title contains it as a word; a column serves one field.
 */
export function suggestMapping(header: readonly string[]): Partial<Record<MappingField, string>> {
  const titles = header.map(foldWord);
  const taken = new Set<number>();
  const out: Partial<Record<MappingField, string>> = {};
  const pick = (field: MappingField, i: number) => {
    out[field] = header[i]!.replace(/^\uFEFF/, "").trim();
    taken.add(i);
  };
  for (const field of MAPPING_FIELDS) {
    const i = titles.findIndex((t, j) => !taken.has(j) && FIELD_TITLES[field].includes(t));
    if (i >= 0) pick(field, i);
  }
  for (const field of MAPPING_FIELDS) {
    if (out[field]) continue;
    const i = titles.findIndex(
      (t, j) =>
        !taken.has(j) &&
        t !== "" &&
        FIELD_TITLES[field].some((w) => w.length > 2 && ` ${t} `.includes(` ${w} `)),
    );
    if (i >= 0) pick(field, i);
  }
  return out;
}

/** Type words (as `foldWord` writes them) → transaction type. */
const TYPE_WORDS: ReadonlyArray<[TransactionType, readonly string[]]> = [
  [
    "buy",
    [
      "buy",
      "bought",
      "purchase",
      "market buy",
      "limit buy",
      "kauf",
      "kaufen",
      "koop",
      "aankoop",
      "gekocht",
      "achat",
      "achete",
      "compra",
      "comprar",
      "acquisto",
      "b",
      "long",
      "매수",
      "매입",
      "현금매수",
      "장내매수",
      "매수체결",
    ],
  ],
  [
    "sell",
    [
      "sell",
      "sold",
      "sale",
      "market sell",
      "limit sell",
      "verkauf",
      "verkaufen",
      "verkoop",
      "verkocht",
      "vente",
      "vendu",
      "venta",
      "vender",
      "vendita",
      "s",
      "매도",
      "현금매도",
      "장내매도",
      "매도체결",
    ],
  ],
  ["short", ["short", "sell short", "short sell", "ss", "leerverkauf", "공매도"]],
  ["cover", ["cover", "buy to cover", "bc", "환매수"]],
  [
    "dividend",
    [
      "dividend",
      "dividends",
      "div",
      "cash dividend",
      "dividende",
      "dividenden",
      "ausschuttung",
      "dividendo",
      "dividendos",
      "배당",
      "배당금",
      "현금배당",
      "배당금입금",
    ],
  ],
  [
    "interest",
    [
      "interest",
      "interest income",
      "zinsen",
      "zins",
      "rente",
      "interets",
      "interet",
      "intereses",
      "interes",
      "이자",
      "이자입금",
      "예탁금이용료",
    ],
  ],
  ["fee", ["fee", "fees", "commission", "gebuhr", "gebuhren", "kosten", "frais", "comision", "수수료"]],
  [
    "tax",
    [
      "tax",
      "taxes",
      "withholding tax",
      "steuer",
      "steuern",
      "belasting",
      "impot",
      "impots",
      "impuesto",
      "세금",
      "제세금",
      "원천징수",
    ],
  ],
  [
    "deposit",
    [
      "deposit",
      "cash in",
      "top up",
      "einzahlung",
      "storting",
      "depot",
      "versement",
      "deposito",
      "ingreso",
      "입금",
      "현금입금",
      "이체입금",
    ],
  ],
  [
    "withdrawal",
    [
      "withdrawal",
      "withdraw",
      "cash out",
      "auszahlung",
      "opname",
      "onttrekking",
      "retrait",
      "retirada",
      "retiro",
      "출금",
      "현금출금",
      "이체출금",
    ],
  ],
  [
    "split",
    ["split", "stock split", "aktiensplit", "splitsing", "fractionnement", "division", "액면분할", "분할"],
  ],
  [
    "returnOfCapital",
    [
      "return of capital",
      "capital return",
      "kapitalruckzahlung",
      "remboursement de capital",
      "devolucion de capital",
      "자본환급",
      "감자환급",
    ],
  ],
  [
    "transferIn",
    ["transfer in", "transferin", "einbuchung", "inboeking", "transfert entrant", "입고", "대체입고"],
  ],
  [
    "transferOut",
    ["transfer out", "transferout", "ausbuchung", "uitboeking", "transfert sortant", "출고", "대체출고"],
  ],
  [
    "conversion",
    [
      "conversion",
      "currency conversion",
      "fx",
      "exchange",
      "devisentausch",
      "wissel",
      "change",
      "cambio",
      "환전",
    ],
  ],
  ["spinOff", ["spin off", "spinoff", "abspaltung", "scission", "escision", "분사"]],
];

const TYPE_INDEX = new Map<string, TransactionType>();
for (const [type, words] of TYPE_WORDS) for (const w of words) TYPE_INDEX.set(w, type);

/** Reads a type cell (`Buy`, `매수`, `Verkauf`, `Market buy`): undefined when the word is unknown. */
export function typeFromWord(
  raw: string,
  extra: Readonly<Record<string, string>> = {},
): TransactionType | undefined {
  const cleaned = raw.trim();
  for (const [word, type] of Object.entries(extra)) {
    if (word.trim().toLowerCase() === cleaned.toLowerCase()) return type as TransactionType;
  }
  const n = foldWord(cleaned);
  return (
    TYPE_INDEX.get(n) ??
    TYPE_INDEX.get(n.replace(/\s+/g, "")) ??
    TYPE_INDEX.get(n.replace(/ (order|trade|transaction)$/, ""))
  );
}
