// Reading the first worksheet of an xlsx workbook as rows of cell texts. An xlsx file is a zip of XML
// parts; fflate (8 kB, no dependencies, widely used) unzips it and the parts are read with our own small
// XML tag reader, since broker reports need only cell values: shared strings, inline strings, numbers
// (written back without binary-float artefacts: 1.5505500000000001 reads as 1.55055) and booleans.
import { strFromU8, unzipSync } from "fflate";
import { decodeEntities } from "./xml.ts";

export interface SheetRow {
  /** 1-based row number in the sheet. */
  row: number;
  /** Cell texts by column index (A = 0); missing cells are empty strings. */
  cells: string[];
}

export type XlsxResult = { ok: true; sheet: string; rows: SheetRow[] } | { ok: false; message: string };

function columnIndex(ref: string): number {
  const letters = /^[A-Z]+/.exec(ref)?.[0] ?? "A";
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** The text of every `<t>` inside a fragment (rich-text runs joined). */
function texts(fragment: string): string {
  let out = "";
  for (const m of fragment.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)) out += decodeEntities(m[1]!);
  return out;
}

/** A number as its shortest faithful decimal: binary-float noise beyond 15 significant digits dropped. */
export function cleanNumber(v: string): string {
  const n = Number(v);
  if (!Number.isFinite(n)) return v;
  const s = Number(n.toPrecision(15)).toString();
  if (!/e/i.test(s)) return s;
  return n
    .toFixed(Math.min(20, Math.max(0, -Math.floor(Math.log10(Math.abs(n))) + 14)))
    .replace(/\.?0+$/, "");
}

/** Reads the workbook's first worksheet. Never throws: a damaged file answers `ok: false`. */
export function readFirstSheet(bytes: Uint8Array): XlsxResult {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => (f.name.startsWith("xl/") && f.name.endsWith(".xml")) || f.name.endsWith(".rels"),
    });
  } catch (e) {
    return { ok: false, message: `The file is not a readable xlsx workbook (${(e as Error).message}).` };
  }
  const part = (name: string) => (files[name] ? strFromU8(files[name]) : undefined);
  const workbook = part("xl/workbook.xml");
  if (!workbook) return { ok: false, message: "The file is not an xlsx workbook (no xl/workbook.xml)." };
  const first = /<sheet\b[^>]*>/.exec(workbook)?.[0] ?? "";
  const sheetName = decodeEntities(/\bname="([^"]*)"/.exec(first)?.[1] ?? "Sheet1");
  const rid = /\br:id="([^"]*)"/.exec(first)?.[1];
  const rels = part("xl/_rels/workbook.xml.rels") ?? "";
  let target = "worksheets/sheet1.xml";
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    if (rid && m[0].includes(`Id="${rid}"`)) target = /Target="([^"]*)"/.exec(m[0])?.[1] ?? target;
  }
  const path = target.startsWith("/") ? target.slice(1) : `xl/${target.replace(/^\.\//, "")}`;
  const sheet = part(path);
  if (!sheet) return { ok: false, message: `The workbook's first sheet (${path}) is missing.` };
  const shared: string[] = [];
  for (const m of (part("xl/sharedStrings.xml") ?? "").matchAll(/<si>([\s\S]*?)<\/si>/g))
    shared.push(texts(m[1]!));
  const rows: SheetRow[] = [];
  for (const rm of sheet.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    const rowNo = Number(/\br="(\d+)"/.exec(rm[1]!)?.[1] ?? rows.length + 1);
    const cells: string[] = [];
    for (const cm of (rm[2] ?? "").matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = cm[1]!;
      const inner = cm[2] ?? "";
      const ref = /\br="([A-Z]+\d*)"/.exec(attrs)?.[1];
      const col = ref ? columnIndex(ref) : cells.length;
      const type = /\bt="([^"]*)"/.exec(attrs)?.[1] ?? "n";
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let text = "";
      if (type === "s") text = shared[Number(v)] ?? "";
      else if (type === "inlineStr") text = texts(inner);
      else if (type === "str" || type === "e") text = decodeEntities(v ?? "");
      else if (type === "b") text = v === "1" ? "TRUE" : "FALSE";
      else if (v !== undefined) text = cleanNumber(v);
      while (cells.length < col) cells.push("");
      cells[col] = text;
    }
    rows.push({ row: rowNo, cells });
  }
  return { ok: true, sheet: sheetName, rows };
}

/** An Excel serial date (1900 system) as `YYYY-MM-DD`. */
export function excelSerialDate(serial: number): string | undefined {
  if (!Number.isFinite(serial) || serial < 1) return undefined;
  const ms = Math.round((serial - 25569) * 86400 * 1000);
  return new Date(ms).toISOString().slice(0, 10);
}
