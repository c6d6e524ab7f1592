// DEGIRO's words, in the languages its exports come in (Dutch, English, German, French, Spanish,
// Italian, Portuguese): column titles of the account statement and the transactions export, and the
// descriptions that say what an account-statement row is. Descriptions are matched after
// `foldText` (lower case, accents and mojibake removed), so the patterns are written without accents.

/** Lower case, accents stripped, a UTF-8-read-as-Latin-1 text (`CrÃ©dito`) repaired first. */
export function foldText(raw: string): string {
  return repairMojibake(raw)
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ł/g, "l")
    .replace(/ø/g, "o")
    .replace(/ß/g, "ss")
    .replace(/\s+/g, " ")
    .trim();
}

/** `CrÃ©dito` → `Crédito`: UTF-8 bytes that were decoded one byte per character. */
export function repairMojibake(s: string): string {
  if (!/[\u00c2-\u00f4][\u0080-\u00bf\u2018-\u203a\u0152-\u0192]/.test(s)) return s;
  const bytes: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const cp1252 = CP1252_REVERSE[ch];
    if (c <= 0xff) bytes.push(c);
    else if (cp1252 !== undefined) bytes.push(cp1252);
    else return s;
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes));
  } catch {
    return s;
  }
}

const CP1252_REVERSE: Record<string, number> = {
  "€": 0x80,
  "‚": 0x82,
  ƒ: 0x83,
  "„": 0x84,
  "…": 0x85,
  "†": 0x86,
  "‡": 0x87,
  ˆ: 0x88,
  "‰": 0x89,
  Š: 0x8a,
  "‹": 0x8b,
  Œ: 0x8c,
  Ž: 0x8e,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "•": 0x95,
  "–": 0x96,
  "—": 0x97,
  "˜": 0x98,
  "™": 0x99,
  š: 0x9a,
  "›": 0x9b,
  œ: 0x9c,
  ž: 0x9e,
  Ÿ: 0x9f,
};

/** Account statement ("Rekeningoverzicht" / "Account.csv") column titles. */
export const STATEMENT_COLUMNS = {
  date: ["Datum", "Date", "Data", "Fecha"],
  time: ["Tijd", "Time", "Uhrzeit", "Zeit", "Heure", "Hora", "Ora"],
  valueDate: [
    "Valutadatum",
    "Value date",
    "Valuta",
    "Date de valeur",
    "Data Valor",
    "Fecha valor",
    "Data valuta",
  ],
  product: ["Product", "Produkt", "Produit", "Producto", "Produto", "Prodotto"],
  isin: ["ISIN", "Code ISIN", "Codice ISIN"],
  description: ["Omschrijving", "Description", "Beschreibung", "Descripcion", "Descricao", "Descrizione"],
  fx: ["FX", "T.", "Tipo", "Wechselkurs", "Tasso di cambio", "Tipo de cambio", "Taux de change"],
  change: [
    "Mutatie",
    "Change",
    "Anderung",
    "Aenderung",
    "Mouvements",
    "Mouvement",
    "Variacion",
    "Mudanca",
    "Modifica",
    "Variazione",
    "Variazioni",
  ],
  balance: ["Saldo", "Balance", "Solde"],
  orderId: [
    "Order Id",
    "Order ID",
    "Order-ID",
    "OrderId",
    "ID Ordre",
    "ID da Ordem",
    "ID Orden",
    "ID Ordine",
    "Auftrags-ID",
  ],
} as const;

/** Transactions export ("Transactions.csv") column titles. */
export const TRANSACTION_COLUMNS = {
  date: ["Datum", "Date", "Data", "Fecha"],
  time: ["Tijd", "Time", "Uhrzeit", "Zeit", "Heure", "Hora", "Ora"],
  product: ["Product", "Produkt", "Produit", "Producto", "Produto", "Prodotto"],
  isin: ["ISIN", "Code ISIN", "Codice ISIN"],
  exchange: [
    "Beurs",
    "Reference exchange",
    "Reference",
    "Referenzborse",
    "Referenzbörse",
    "Bourse de reference",
    "Bolsa de referencia",
    "Bolsa",
    "Borsa di riferimento",
    "Borsa",
    "Bolsa de referência",
  ],
  venue: [
    "Uitvoeringsplaats",
    "Venue",
    "Ausfuhrungsort",
    "Ausführungsort",
    "Lieu d'execution",
    "Centro de ejecucion",
    "Sede di esecuzione",
    "Local de execucao",
  ],
  quantity: [
    "Aantal",
    "Quantity",
    "Anzahl",
    "Quantite",
    "Cantidad",
    "Número",
    "Numero",
    "Quantita",
    "Quantidade",
  ],
  price: ["Koers", "Price", "Kurs", "Cours", "Precio", "Prezzo", "Preço", "Preco"],
  localValue: [
    "Lokale waarde",
    "Local value",
    "Wert in Lokalwahrung",
    "Wert in Lokalwährung",
    "Valeur locale",
    "Valor local",
    "Valore locale",
  ],
  value: ["Waarde", "Value", "Wert", "Valeur", "Valor", "Valore"],
  rate: [
    "Wisselkoers",
    "Exchange rate",
    "Wechselkurs",
    "Taux de change",
    "Tipo de cambio",
    "Tasso di cambio",
    "Taxa de câmbio",
    "Taxa de cambio",
  ],
  autoFx: [
    "AutoFX Fee",
    "AutoFX-Gebühr",
    "Kosten AutoFX",
    "Frais AutoFX",
    "Comisión AutoFX",
    "Costi AutoFX",
    "Custo AutoFX",
  ],
  fee: [
    "Transactiekosten en/of",
    "Transactiekosten en/of kosten van derden",
    "Transaction and/or third",
    "Transaction and/or third party fees",
    "Transaktionsgebühren",
    "Transaktionskosten und/oder Kosten Dritter",
    "Frais de courtage et/ou de parties",
    "Costes de transacción y/o",
    "Costi di transazione e/o",
    "Custos de transação e/ou",
  ],
  total: ["Totaal", "Total", "Gesamt", "Totale"],
  orderId: [
    "Order ID",
    "Order Id",
    "Order-ID",
    "ID Ordre",
    "ID da Ordem",
    "ID Orden",
    "ID Ordine",
    "Auftrags-ID",
  ],
} as const;

/** Buy and sell verbs at the head of a trade description (`Koop 1 @ 77,3 EUR`). */
export const BUY_WORDS = ["koop", "buy", "kauf", "achat", "compra", "acquisto", "kob", "kop", "osto"];
export const SELL_WORDS = [
  "verkoop",
  "sell",
  "verkauf",
  "vente",
  "venta",
  "venda",
  "vendita",
  "salg",
  "myynti",
];
/** Verbs of languages that write a decimal comma (English writes a dot). */
export const DOT_DECIMAL_WORDS = ["buy", "sell"];

/** What a statement row is, from its folded description. Order matters: the first match wins. */
export const KINDS: ReadonlyArray<[kind: StatementKind, pattern: RegExp]> = [
  ["reservation", /reservation|reservering|reservierung|reserva/],
  [
    "moneyMarket",
    /fonds? monetaires?|money ?market|geldmarkt|fondi monetari|fondos monetarios|fundos? monetarios?/,
  ],
  [
    "fx",
    /valuta ?(creditering|debitering)|fx (credit|debit|withdrawal|deposit)|wahrungswechsel|fx-(gutschrift|lastschrift)|wahrungs(gutschrift|lastschrift|umrechnung)|(ingreso|retirada) cambio de divisa|(credito|debito|levantamento) de divisa|operation de change|(credit|debit) de change|change de devise|accredito valuta|addebito valuta|cambio valuta|cambio de divisa/,
  ],
  [
    "sweep",
    /cash sweep|overboeking (van|naar)|geldrekening|flatex ?bank|sweep transfer|ubertrag|uberweisung (von|auf) ihr/,
  ],
  [
    "dividendTax",
    /dividendbelasting|dividend tax|dividendensteuer|kapitalertrags?steuer|quellensteuer|impots? sur dividende|retenue a la source|retencion|impuesto sobre dividendo|imposto sobre dividendo|imposto de dividendo|ritenuta|withholding/,
  ],
  [
    "capitalReturn",
    /capital return|kapitalruckzahlung|kapitaalterugbetaling|remboursement de capital|devolucion de capital|reembolso de capital|rimborso di capitale/,
  ],
  [
    "transactionTax",
    /stamp duty|beurstaks|transaction tax|transactietaks|finanztransaktionssteuer|taxe sur les transactions|impuesto sobre transacciones|imposta sulle transazioni/,
  ],
  [
    "fee",
    /kosten|fees?\b|gebuhr|handelsmodalitaten|frais|comision|comissao|comissoes|costi|commissioni|custos|spese|taxas de terceiros/,
  ],
  ["courtesy", /courtesy|vergoeding|compensation|gutschrift degiro|bonus/],
  ["dividend", /^dividend|dividende|dividendo|dividendi|ausschuttung|uitkering/],
  ["interest", /\brente\b|interest|zinsen|interets|intereses|juros|interessi/],
  ["withdrawal", /withdrawal|terugstorting|opname|auszahlung|retrait|retirada|levantamento|prelievo/],
  ["deposit", /deposit|\bstorting|einzahlung|\bdepot\b|deposito|^ingreso|versement|sofort/],
];

export type StatementKind =
  | "reservation"
  | "moneyMarket"
  | "fx"
  | "sweep"
  | "dividendTax"
  | "capitalReturn"
  | "transactionTax"
  | "fee"
  | "courtesy"
  | "dividend"
  | "interest"
  | "deposit"
  | "withdrawal";
