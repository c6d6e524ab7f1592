// The second set's fixtures through the real import pipeline (HTTP upload → preview → commit on a real
// database): each file is detected as its preset, every row the parser read reaches the preview, no
// row fails for a reason other than the parser's own errors or a currency with no known rate, and the
// commit stores every valid row.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, type SignedIn, signIn } from "../../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../../test/harness.ts";
import { importFxUnitsPerUsd } from "../../../market/index.ts";
import { fixture } from "./fixture-source.ts";
import { parserById } from "./registry.ts";
import type { ParseResult } from "./types.ts";

const CASES: Array<[file: string, preset: string, base: string]> = [
  ["trading212/transactions.csv", "trading212", "GBP"],
  ["degiro/degiro-export.csv", "degiro", "EUR"],
  ["etoro/etoro-export.csv", "etoro", "USD"],
  ["revolut/revolut-invest-export.csv", "revolut", "EUR"],
  ["saxo/saxo-export.csv", "saxo", "USD"],
  ["xtb/xtb-export.csv", "xtb", "EUR"],
  ["coinbase/coinbase-export.csv", "coinbase", "EUR"],
  ["binance/binance_history.csv", "binance", "EUR"],
  ["traderepublic/TransactionExport02.csv", "traderepublic", "EUR"],
  ["freetrade/transactions.csv", "freetrade", "GBP"],
];

function multipart(name: string, body: Buffer, fields: Record<string, string>) {
  const boundary = "----bullpenset2";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    body,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

interface PreviewRow {
  row: number;
  status: string;
  errors: { code: string; message: string }[];
}

describe("the second set's files through the import pipeline", () => {
  let env: TestEnv & { app: FastifyInstance };
  let user: SignedIn;

  beforeAll(async () => {
    env = await createTestApp();
    await importFxUnitsPerUsd({
      ctx: operatorCtx(env.platform),
      input: { csv: "date,EUR,GBP,SEK,JPY,PLN,CHF\n2015-01-02,0.9,0.78,10.5,120,3.9,0.95\n", source: "test" },
    });
    const u = await createUser(env.platform);
    user = await signIn(env.app, u.username, u.password);
  });
  afterAll(async () => {
    await env?.close();
  });

  it.each(CASES)("%s: detected as %s, previewed and committed", async (path, preset, base) => {
    const app = env.app;
    const account = await app.inject({
      method: "POST",
      url: "/api/portfolio/accounts",
      headers: user.bearer,
      payload: { name: path, broker: preset, baseCurrency: base },
    });
    expect(account.statusCode, account.body).toBe(201);
    const accountId = account.json().id as string;
    const bytes = readFileSync(join(import.meta.dirname, "fixtures", path));
    const m = multipart(path.split("/")[1]!, bytes, { accountId, defaultCurrency: base });
    const res = await app.inject({
      method: "POST",
      url: "/api/portfolio/imports",
      headers: { ...user.bearer, ...m.headers },
      payload: m.payload,
    });
    expect(res.statusCode, res.body).toBe(201);
    const preview = res.json() as {
      id: string;
      broker: string;
      totalRows: number;
      validRows: number;
      failedRows: number;
    };
    expect(preview.broker).toBe(preset);
    const parsed = parserById(preset)!.parse(fixture(path), { defaultCurrency: base }) as ParseResult;
    const parserErrorRows = new Set(parsed.errors.map((e) => e.row));
    const all = await app.inject({
      method: "GET",
      url: `/api/portfolio/imports/${preview.id}?limit=1000`,
      headers: user.bearer,
    });
    expect(all.statusCode, all.body).toBe(200);
    const rows = all.json().rows as PreviewRow[];
    // Every activity's row is in the preview.
    for (const a of parsed.activities)
      expect(
        rows.some((r) => r.row === a.row),
        `row ${a.row}`,
      ).toBe(true);
    // Rows fail only for the parser's own reasons or a currency no rate is known for (crypto coins).
    const unexpected = rows.filter(
      (r) =>
        r.status === "error" &&
        !parserErrorRows.has(r.row) &&
        r.errors.some((e) => e.code !== "missing_fx_rate"),
    );
    expect(unexpected.map((r) => ({ row: r.row, errors: r.errors }))).toEqual([]);
    const commit = await app.inject({
      method: "POST",
      url: `/api/portfolio/imports/${preview.id}/commit`,
      headers: user.bearer,
      payload: { createInstruments: true },
    });
    expect(commit.statusCode, commit.body).toBe(200);
    expect(commit.json()).toMatchObject({ status: "committed", importedRows: preview.validRows });
    expect(preview.validRows).toBeGreaterThan(0);
  });
});
