// The broker parsers we know, how a file is decoded before they see it, and which of them a file most
// likely belongs to. Each parser scores the content (0…1); the highest score wins, ties to the order here.
import { decodeText, isZip } from "../text/index.ts";
import { binanceParser } from "./binance.ts";
import { coinbaseParser } from "./coinbase.ts";
import { degiroParser } from "./degiro.ts";
import { etoroParser } from "./etoro.ts";
import { fidelity } from "./fidelity.ts";
import { freetradeParser } from "./freetrade.ts";
import { genericCsvParser } from "./generic-csv.ts";
import { ghostfolio } from "./ghostfolio.ts";
import { ibkrFlexCsv } from "./ibkr-flex-csv.ts";
import { ibkrFlexXml } from "./ibkr-flex-xml.ts";
import { ibkrStatementCsv } from "./ibkr-statement-csv.ts";
import { metaTrader5 } from "./metatrader5.ts";
import { etradeOfx, fidelityOfx, ofxGeneric, tdAmeritradeOfx, vanguardOfx } from "./ofx.ts";
import { portfolioPerformance } from "./portfolio-performance.ts";
import { revolutParser } from "./revolut.ts";
import { saxoParser } from "./saxo.ts";
import { schwab } from "./schwab.ts";
import { tdAmeritrade } from "./tdameritrade.ts";
import { tradeRepublicParser } from "./traderepublic.ts";
import { tradeZero } from "./tradezero.ts";
import { trading212Parser } from "./trading212.ts";
import { tradovate } from "./tradovate.ts";
import type { BrokerParser, SourceFile } from "./types.ts";
import { xtbParser } from "./xtb.ts";

/** Every registered parser (H2's set first, then H3's). */
export const PARSERS: BrokerParser[] = [
  ibkrFlexXml,
  ibkrFlexCsv,
  ibkrStatementCsv,
  schwab,
  fidelity,
  tdAmeritrade,
  tradovate,
  tradeZero,
  metaTrader5,
  ghostfolio,
  portfolioPerformance,
  etradeOfx,
  vanguardOfx,
  fidelityOfx,
  tdAmeritradeOfx,
  ofxGeneric,
  trading212Parser,
  degiroParser,
  tradeRepublicParser,
  freetradeParser,
  revolutParser,
  saxoParser,
  xtbParser,
  etoroParser,
  coinbaseParser,
  binanceParser,
  genericCsvParser,
];

/** A parser by its preset id. */
export function parserById(id: string): BrokerParser | undefined {
  return PARSERS.find((p) => p.id === id);
}

/** Decodes an upload once: binary formats (xlsx, zip) keep an empty text. */
export function decodeFile(name: string, bytes: Uint8Array): SourceFile {
  if (isZip(bytes)) return { name, bytes, text: "", encoding: "binary" };
  const { text, encoding } = decodeText(bytes);
  return { name, bytes, text, encoding };
}

export interface DetectedParser {
  id: string;
  label: string;
  confidence: number;
}

/** Candidates for the file, most likely first; parsers scoring 0 are left out. A failing detector scores 0. */
export function detectParser(file: SourceFile, parsers: readonly BrokerParser[] = PARSERS): DetectedParser[] {
  const out: DetectedParser[] = [];
  for (const p of parsers) {
    let confidence = 0;
    try {
      confidence = p.detect(file);
    } catch {
      confidence = 0;
    }
    if (Number.isFinite(confidence) && confidence > 0) {
      out.push({ id: p.id, label: p.label, confidence: Math.min(1, confidence) });
    }
  }
  return out.sort((a, b) => b.confidence - a.confidence);
}
