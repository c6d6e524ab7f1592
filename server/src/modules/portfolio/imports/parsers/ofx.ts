// OFX / QFX investment statements, as E*TRADE, Vanguard, Fidelity, TD Ameritrade, Schwab and most US
// brokers download them: OFX 1.x SGML (leaf tags never closed, sometimes all on one line) and OFX 2.x
// XML are both read by one tolerant tag reader. Investment transactions (buys, sells, income,
// reinvestments, expenses, transfers, splits, bank transactions inside the investment account) become
// activities; positions and the security list are reference data (the list names each CUSIP's ticker).
// Each activity's `row` is the transaction's ordinal among the file's transactions.
import {
  abs,
  add,
  buildResult,
  compact,
  decodeEntities,
  div,
  isNegative,
  isZero,
  negate,
  ParseLog,
  readDate,
  readNumber,
  settleReversals,
  toMajorUnit,
  unreadable,
} from "../text/index.ts";
import type { BrokerParser, ParsedActivity, ParseResult, SourceFile } from "./types.ts";

export interface OfxNode {
  name: string;
  value?: string;
  children: OfxNode[];
}

/** Reads OFX SGML or XML into a tree. Never throws: unmatched closing tags are skipped. */
export function readOfx(text: string): OfxNode | undefined {
  const start = text.search(/<OFX>/i);
  if (start < 0) return undefined;
  const root: OfxNode = { name: "ROOT", children: [] };
  const stack: OfxNode[] = [root];
  const re = /<(\/?)([A-Za-z0-9._]+)[^>]*>([^<]*)/g;
  re.lastIndex = start;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const closing = m[1] === "/";
    const name = m[2]!.toUpperCase();
    if (closing) {
      const at = stack.map((n) => n.name).lastIndexOf(name);
      if (at > 0) stack.length = at;
      continue;
    }
    const value = decodeEntities(m[3]!.trim());
    const parent = stack[stack.length - 1]!;
    const node: OfxNode = { name, children: [] };
    parent.children.push(node);
    if (value !== "") node.value = value;
    else stack.push(node);
  }
  return root.children.find((c) => c.name === "OFX") ?? root.children[0];
}

function child(node: OfxNode | undefined, name: string): OfxNode | undefined {
  return node?.children.find((c) => c.name === name);
}

/** The value at a path of child names (`INVBUY/INVTRAN/DTTRADE`), searching one level at a time. */
function val(node: OfxNode | undefined, path: string): string | undefined {
  let n = node;
  for (const part of path.split("/")) n = child(n, part);
  return n?.value?.trim();
}

/** The first descendant (depth-first) with the name. */
function find(node: OfxNode | undefined, name: string): OfxNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) {
    if (c.name === name) return c;
    const f = find(c, name);
    if (f) return f;
  }
  return undefined;
}

function findAll(node: OfxNode | undefined, name: string, out: OfxNode[] = []): OfxNode[] {
  if (!node) return out;
  for (const c of node.children) {
    if (c.name === name) out.push(c);
    else findAll(c, name, out);
  }
  return out;
}

interface Security {
  ticker?: string;
  name?: string;
  idType?: string;
  id?: string;
  assetClass?: string;
}

const INFO_CLASS: Record<string, string> = {
  STOCKINFO: "equity",
  MFINFO: "fund",
  DEBTINFO: "bond",
  OPTINFO: "option",
  OTHERINFO: "other",
};

function securities(ofx: OfxNode): Map<string, Security> {
  const out = new Map<string, Security>();
  const list = find(ofx, "SECLIST");
  for (const info of list?.children ?? []) {
    const secInfo = child(info, "SECINFO");
    const id = val(secInfo, "SECID/UNIQUEID");
    if (!id) continue;
    out.set(id, {
      id,
      idType: val(secInfo, "SECID/UNIQUEIDTYPE")?.toUpperCase(),
      ticker: val(secInfo, "TICKER"),
      name: val(secInfo, "SECNAME"),
      assetClass: INFO_CLASS[info.name],
    });
  }
  return out;
}

const BUY = /^BUY(STOCK|MF|DEBT|OPT|OTHER)$/;
const SELL = /^SELL(STOCK|MF|DEBT|OPT|OTHER)$/;

export function parseOfx(file: SourceFile, broker = "ofx"): ParseResult {
  const ofx = readOfx(file.text);
  if (!ofx) return unreadable(broker, "This is not an OFX/QFX file (no <OFX> element).");
  const log = new ParseLog();
  // A statement request the bank refused answers a status with no statement: say why.
  for (const status of findAll(ofx, "STATUS")) {
    const code = val(status, "CODE");
    if (code && code !== "0" && val(status, "SEVERITY")?.toUpperCase() === "ERROR") {
      log.error(
        0,
        "ofx_status",
        `The file reports an error from the institution (code ${code}${val(status, "MESSAGE") ? `: ${val(status, "MESSAGE")}` : ""}).`,
      );
    }
  }
  const secs = securities(ofx);
  const activities: ParsedActivity[] = [];
  const accounts = [...findAll(ofx, "INVACCTFROM"), ...findAll(ofx, "BANKACCTFROM")]
    .map((a) => val(a, "ACCTID"))
    .filter((a): a is string => !!a);
  let row = 0;
  let total = 0;
  const statements = [...findAll(ofx, "INVSTMTRS"), ...findAll(ofx, "STMTRS"), ...findAll(ofx, "CCSTMTRS")];
  for (const st of statements) {
    const currency = val(st, "CURDEF");
    const account =
      val(st, "INVACCTFROM/ACCTID") ?? val(st, "BANKACCTFROM/ACCTID") ?? val(st, "CCACCTFROM/ACCTID");
    const list = child(st, "INVTRANLIST") ?? child(st, "BANKTRANLIST");
    for (const tx of list?.children ?? []) {
      if (tx.name === "DTSTART" || tx.name === "DTEND") continue;
      row++;
      total++;
      const ctx = { row, currency, account, secs, log };
      // A security named by CUSIP keeps it in the note (the activity has no CUSIP field).
      const secId = find(tx, "SECID");
      const cusip =
        val(secId, "UNIQUEIDTYPE")?.toUpperCase() === "CUSIP" ? val(secId, "UNIQUEID") : undefined;
      for (const a of readTransaction(tx, ctx)) {
        if (cusip && (a.symbol || a.isin)) a.note = [a.note, `CUSIP ${cusip}`].filter(Boolean).join("; ");
        activities.push(a);
      }
    }
  }
  return buildResult(broker, log, settleReversals(activities.map(toMajorUnit), log), total, {
    accountRefs: accounts,
    baseCurrency: statements[0] ? val(statements[0], "CURDEF") : undefined,
  });
}

interface Ctx {
  row: number;
  currency?: string;
  account?: string;
  secs: Map<string, Security>;
  log: ParseLog;
}

function num(ctx: Ctx, node: OfxNode | undefined, path: string): string | undefined {
  const raw = val(node, path);
  if (raw === undefined || raw === "") return undefined;
  const r = readNumber(raw, raw.includes(",") && !raw.includes(".") ? "," : ".");
  if (r.ok) return r.value;
  ctx.log.error(ctx.row, "bad_number", `${path}: ${r.message}`, path.split("/").pop());
  return undefined;
}

function ofxDate(ctx: Ctx, node: OfxNode | undefined, paths: string[]): string | undefined {
  for (const p of paths) {
    const raw = val(node, p);
    if (!raw) continue;
    const d = readDate(raw, "YMD");
    if (d) return d;
    ctx.log.error(ctx.row, "bad_date", `${p}: "${raw}" is not an OFX date.`, p.split("/").pop());
    return undefined;
  }
  ctx.log.error(
    ctx.row,
    "missing_field",
    `The transaction has no date (${paths[0]}).`,
    paths[0]!.split("/").pop(),
  );
  return undefined;
}

function instrument(ctx: Ctx, node: OfxNode): Partial<ParsedActivity> {
  const id = val(node, "SECID/UNIQUEID");
  const idType = val(node, "SECID/UNIQUEIDTYPE")?.toUpperCase();
  const sec = id ? ctx.secs.get(id) : undefined;
  const isin = idType === "ISIN" ? id : undefined;
  return compact({
    symbol: sec?.ticker ?? (isin ? undefined : id),
    isin,
    name: sec?.name,
    assetClass: sec?.assetClass,
  });
}

function currencyOf(ctx: Ctx, node: OfxNode): { currency?: string; fxRate?: string } {
  const cur = child(node, "CURRENCY") ?? child(node, "ORIGCURRENCY");
  return compact({ currency: val(cur, "CURSYM") ?? ctx.currency, fxRate: val(cur, "CURRATE") });
}

function readTransaction(tx: OfxNode, ctx: Ctx): ParsedActivity[] {
  const { row, log } = ctx;
  const name = tx.name;
  const base = { row, accountRef: ctx.account };
  if (BUY.test(name) || SELL.test(name)) {
    const inner = child(tx, BUY.test(name) ? "INVBUY" : "INVSELL");
    const date = ofxDate(ctx, inner, ["INVTRAN/DTTRADE"]);
    const units = num(ctx, inner, "UNITS");
    const price = num(ctx, inner, "UNITPRICE");
    const totalAmt = num(ctx, inner, "TOTAL");
    const fees = ["COMMISSION", "FEES", "TAXES", "LOAD"]
      .map((f) => num(ctx, inner, f))
      .filter((f): f is string => !!f);
    if (units === undefined && !log.hasError(row))
      log.error(row, "missing_field", "UNITS is empty.", "UNITS");
    if (!inner || !date || units === undefined || log.hasError(row)) return [];
    const sub = (
      val(tx, "BUYTYPE") ??
      val(tx, "SELLTYPE") ??
      val(tx, "OPTBUYTYPE") ??
      val(tx, "OPTSELLTYPE") ??
      ""
    ).toUpperCase();
    let type: ParsedActivity["type"] = BUY.test(name) ? "buy" : "sell";
    if (sub.includes("BUYTOCOVER") || sub === "BUYTOCLOSE") type = "cover";
    if (sub.includes("SELLSHORT") || sub === "SELLTOOPEN") type = "short";
    const fee = fees.reduce((a, b) => add(a, abs(b)), "0");
    const unitPrice = price ?? (totalAmt && !isZero(units) ? div(abs(totalAmt), abs(units)) : undefined);
    return [
      compact({
        ...base,
        date,
        type,
        ...instrument(ctx, inner),
        quantity: abs(units),
        price: unitPrice,
        amount:
          totalAmt !== undefined
            ? abs(
                isZero(fee)
                  ? totalAmt
                  : type === "buy" || type === "cover"
                    ? add(abs(totalAmt), negate(fee))
                    : add(abs(totalAmt), fee),
              )
            : undefined,
        fee: isZero(fee) ? undefined : fee,
        ...currencyOf(ctx, inner),
        externalId: val(inner, "INVTRAN/FITID"),
        note: val(inner, "INVTRAN/MEMO"),
      }),
    ];
  }
  if (name === "INCOME" || name === "REINVEST" || name === "RETOFCAP") {
    const date = ofxDate(ctx, tx, ["INVTRAN/DTTRADE"]);
    const totalAmt = num(ctx, tx, "TOTAL");
    if (totalAmt === undefined && !log.hasError(row))
      log.error(row, "missing_field", "TOTAL is empty.", "TOTAL");
    if (!date || totalAmt === undefined || log.hasError(row)) return [];
    const incomeType = (val(tx, "INCOMETYPE") ?? "DIV").toUpperCase();
    const type: ParsedActivity["type"] =
      name === "RETOFCAP" ? "returnOfCapital" : incomeType === "INTEREST" ? "interest" : "dividend";
    const inst = instrument(ctx, tx);
    const income = compact({
      ...base,
      date,
      type,
      ...inst,
      amount: type === "interest" ? totalAmt : abs(totalAmt),
      withholdingTax: num(ctx, tx, "WITHHOLDING"),
      ...currencyOf(ctx, tx),
      externalId: val(tx, "INVTRAN/FITID"),
      note:
        [
          incomeType.startsWith("CG") ? `capital gain distribution (${incomeType})` : undefined,
          val(tx, "INVTRAN/MEMO"),
        ]
          .filter(Boolean)
          .join("; ") || undefined,
    });
    if (name !== "REINVEST") return [income];
    const units = num(ctx, tx, "UNITS");
    const price = num(ctx, tx, "UNITPRICE");
    if (units === undefined) return [income];
    return [
      income,
      compact({
        ...base,
        date,
        type: "buy" as const,
        ...inst,
        quantity: abs(units),
        price: price ?? (isZero(units) ? undefined : div(abs(totalAmt), abs(units))),
        amount: abs(totalAmt),
        ...currencyOf(ctx, tx),
        note: "reinvested",
      }),
    ];
  }
  if (name === "INVEXPENSE" || name === "MARGININTEREST") {
    const date = ofxDate(ctx, tx, ["INVTRAN/DTTRADE"]);
    const totalAmt = num(ctx, tx, "TOTAL");
    if (!date || totalAmt === undefined || log.hasError(row)) {
      if (!log.hasError(row)) log.error(row, "missing_field", "TOTAL is empty.", "TOTAL");
      return [];
    }
    const memo = val(tx, "INVTRAN/MEMO") ?? "";
    if (name === "MARGININTEREST") {
      return [
        compact({
          ...base,
          date,
          type: "interest" as const,
          amount: negate(abs(totalAmt)),
          ...currencyOf(ctx, tx),
          externalId: val(tx, "INVTRAN/FITID"),
          note: memo || undefined,
        }),
      ];
    }
    const isTax = /tax|withh|w\/h/i.test(memo);
    return [
      compact({
        ...base,
        date,
        type: isTax ? ("tax" as const) : ("fee" as const),
        ...(child(tx, "SECID") ? instrument(ctx, tx) : {}),
        amount: isNegative(totalAmt) ? abs(totalAmt) : negate(totalAmt),
        ...currencyOf(ctx, tx),
        externalId: val(tx, "INVTRAN/FITID"),
        note: memo || undefined,
      }),
    ];
  }
  if (name === "TRANSFER") {
    const date = ofxDate(ctx, tx, ["INVTRAN/DTTRADE"]);
    const units = num(ctx, tx, "UNITS");
    if (!date || units === undefined || log.hasError(row)) {
      if (!log.hasError(row)) log.error(row, "missing_field", "UNITS is empty.", "UNITS");
      return [];
    }
    const action = (val(tx, "TFERACTION") ?? (isNegative(units) ? "OUT" : "IN")).toUpperCase();
    return [
      compact({
        ...base,
        date,
        type: action === "OUT" ? ("transferOut" as const) : ("transferIn" as const),
        ...instrument(ctx, tx),
        quantity: abs(units),
        price: num(ctx, tx, "UNITPRICE"),
        currency: ctx.currency,
        transferId: val(tx, "INVTRAN/FITID"),
        externalId: val(tx, "INVTRAN/FITID"),
        note: val(tx, "INVTRAN/MEMO"),
      }),
    ];
  }
  if (name === "SPLIT") {
    const date = ofxDate(ctx, tx, ["INVTRAN/DTTRADE"]);
    const numerator = num(ctx, tx, "NUMERATOR");
    const denominator = num(ctx, tx, "DENOMINATOR");
    if (!date || !numerator || !denominator || isZero(denominator) || log.hasError(row)) {
      if (!log.hasError(row))
        log.error(row, "missing_field", "NUMERATOR or DENOMINATOR is missing.", "NUMERATOR");
      return [];
    }
    return [
      compact({
        ...base,
        date,
        type: "split" as const,
        ...instrument(ctx, tx),
        ratio: div(numerator, denominator),
        externalId: val(tx, "INVTRAN/FITID"),
      }),
    ];
  }
  if (name === "INVBANKTRAN" || name === "STMTTRN") {
    const st = name === "STMTTRN" ? tx : child(tx, "STMTTRN");
    const date = ofxDate(ctx, st, ["DTPOSTED", "DTUSER"]);
    const amount = num(ctx, st, "TRNAMT");
    if (!date || amount === undefined || log.hasError(row)) {
      if (!log.hasError(row)) log.error(row, "missing_field", "TRNAMT is empty.", "TRNAMT");
      return [];
    }
    const t = (val(st, "TRNTYPE") ?? "").toUpperCase();
    const memo = [val(st, "NAME"), val(st, "MEMO")].filter(Boolean).join(" — ");
    let type: ParsedActivity["type"];
    let signed = amount;
    if (t === "INT") type = "interest";
    // A dividend credited to the cash account without naming its security is income all the same.
    else if (t === "DIV") type = "interest";
    else if (t === "FEE" || t === "SRVCHG") {
      type = "fee";
      signed = negate(amount);
    } else type = isNegative(amount) ? "withdrawal" : "deposit";
    if (type === "withdrawal") signed = abs(amount);
    return [
      compact({
        ...base,
        date,
        type,
        amount: signed,
        ...currencyOf(ctx, st ?? tx),
        externalId: val(st, "FITID"),
        note: memo || undefined,
      }),
    ];
  }
  if (name === "JRNLFUND" || name === "JRNLSEC" || name === "CLOSUREOPT") {
    log.ignore(row, "journal", `${name}: a move between the account's own sub-accounts, not a transaction.`);
    return [];
  }
  log.error(row, "unknown_type", `The OFX transaction ${name} is not one we import.`, name);
  return [];
}

function ofxDetect(file: SourceFile, org?: RegExp): number {
  const head = file.text.slice(0, 3000);
  const isOfx = /OFXHEADER|<\?OFX|<OFX>/i.test(head);
  if (!isOfx) return 0;
  if (!org) return /\.(ofx|qfx)$/i.test(file.name) ? 0.8 : 0.75;
  return org.test(file.text.slice(0, 6000)) ? 0.95 : 0;
}

function ofxParser(id: string, label: string, org?: RegExp): BrokerParser {
  return { id, label, detect: (file) => ofxDetect(file, org), parse: (file) => parseOfx(file, id) };
}

/** The generic OFX/QFX preset and the brokers whose OFX we have checked (detected by their FI ORG). */
export const ofxGeneric = ofxParser("ofx", "OFX / QFX (any broker)");
export const etradeOfx = ofxParser(
  "etrade-ofx",
  "E*TRADE — OFX/QFX",
  /<ORG>[^<]*(E\*TRADE|etrade)|<BROKERID>[^<]*etrade/i,
);
export const vanguardOfx = ofxParser(
  "vanguard-ofx",
  "Vanguard — OFX/QFX",
  /<ORG>[^<]*vanguard|<BROKERID>[^<]*vanguard/i,
);
export const fidelityOfx = ofxParser(
  "fidelity-ofx",
  "Fidelity — OFX/QFX",
  /<ORG>[^<]*fidelity|<BROKERID>[^<]*fidelity/i,
);
export const tdAmeritradeOfx = ofxParser(
  "tdameritrade-ofx",
  "TD Ameritrade — OFX/QFX",
  /<ORG>[^<]*ameritrade|<BROKERID>[^<]*ameritrade/i,
);
