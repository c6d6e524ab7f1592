// The import pipeline over HTTP on a real database: upload → preview (matching, FX, errors naming row
// and column) → commit → the same file again adds nothing → an overlapping file adds only its new rows
// → undo; other users' imports answer 404; a refused commit stores nothing; bad uploads answer 4xx.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, type SignedIn, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { connectionOf } from "../../../platform/db/connection.ts";
import { createInstrument, importFxUnitsPerUsd } from "../../market/index.ts";

const HEADER =
  "Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate,Total,Currency (Total),Notes,ID";
const t212 = (...rows: string[]) => `${HEADER}\n${rows.join("\n")}\n`;

// File A: a deposit, buys matched by ISIN and by symbol, an unknown instrument, a sale, a row with a
// bad share count, deposits in EUR (rate from market FX) and CHF (no rate anywhere).
const FILE_A = t212(
  'Deposit,2024-01-02 10:00:00,,,,,,,,5000.00,"GBP",,D1',
  'Market buy,2024-01-03 15:00:00,US0378331005,AAPL,"Apple",10,185.00,USD,1.27,1456.69,"GBP",,B1',
  'Market buy,2024-01-04 15:00:00,,MSFT,"Microsoft",5,370.00,USD,1.27,1456.69,"GBP",,B2',
  'Market buy,2024-01-05 15:00:00,,ZEDC,"Zed Corp",3,10.00,USD,1.27,23.62,"GBP",,B3',
  'Market sell,2024-02-01 15:00:00,US0378331005,AAPL,"Apple",4,190.00,USD,1.26,603.17,"GBP",,S1',
  'Market buy,2024-02-02 15:00:00,US0378331005,AAPL,"Apple",abc,190.00,USD,1.26,603.17,"GBP",,B4',
  'Deposit,2024-02-05 10:00:00,,,,,,,,100.00,"EUR",,D2',
  'Deposit,2024-02-06 10:00:00,,,,,,,,100.00,"CHF",,D3',
);
// File B overlaps A (its sale) and adds a buy of a symbol only the user's mapping can name, and a
// sale of more than is held.
const FILE_B = t212(
  'Market sell,2024-02-01 15:00:00,US0378331005,AAPL,"Apple",4,190.00,USD,1.26,603.17,"GBP",,S1',
  'Market buy,2024-03-01 15:00:00,,MSFT.US,"Microsoft Corporation",2,400.00,USD,1.25,640.00,"GBP",,B5',
  'Market sell,2024-03-02 15:00:00,US0378331005,AAPL,"Apple",50,190.00,USD,1.25,7600.00,"GBP",,S2',
);

function multipart(file: { name: string; body: string | Buffer }, fields: Record<string, string> = {}) {
  const boundary = "----bullpenimport";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.isBuffer(file.body) ? file.body : Buffer.from(file.body),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

interface Preview {
  id: string;
  accountId: string | null;
  status: string;
  totalRows: number;
  validRows: number;
  failedRows: number;
  unmatched: { alias: string; rows: number }[];
  rows: {
    row: number;
    status: string;
    matchedBy: string | null;
    ledger: { instrumentId: string | null; fxRate: string | null; quantity: string | null } | null;
    errors: { row: number; column?: string; code: string; message: string }[];
    warnings: { row: number; column?: string; code: string; message: string }[];
  }[];
}

describe("portfolio imports over HTTP", () => {
  let env: TestEnv & { app: FastifyInstance };
  let app: FastifyInstance;
  let alice: SignedIn;
  let bob: SignedIn;
  let accountId: string;
  let aapl: string;
  let msft: string;

  const upload = (
    who: SignedIn,
    body: string | Buffer,
    fields: Record<string, string> = {},
    name = "history.csv",
  ) => {
    const m = multipart({ name, body }, fields);
    return app.inject({
      method: "POST",
      url: "/api/portfolio/imports",
      headers: { ...who.bearer, ...m.headers },
      payload: m.payload,
    });
  };
  const post = (who: SignedIn, url: string, payload: object = {}) =>
    app.inject({ method: "POST", url, headers: who.bearer, payload });
  const get = (who: SignedIn, url: string) => app.inject({ method: "GET", url, headers: who.bearer });
  const ledgerCount = async () => {
    const { rows } = await connectionOf(env.database.db).query<{ n: string }>(
      "select count(*) as n from portfolio.transactions where account_id = $1",
      [accountId],
    );
    return Number(rows[0]?.n);
  };

  beforeAll(async () => {
    env = await createTestApp();
    app = env.app;
    const ctx = operatorCtx(env.platform);
    aapl = (
      await createInstrument({
        ctx,
        input: { symbol: "AAPL", mic: "XNAS", name: "Apple Inc.", currency: "USD", isin: "US0378331005" },
      })
    ).id;
    msft = (
      await createInstrument({
        ctx,
        input: { symbol: "MSFT", mic: "XNAS", name: "Microsoft", currency: "USD" },
      })
    ).id;
    await importFxUnitsPerUsd({
      ctx,
      input: { csv: "date,GBP,EUR\n2024-01-31,0.79,0.92\n", source: "test" },
    });
    const a = await createUser(env.platform);
    const b = await createUser(env.platform);
    alice = await signIn(app, a.username, a.password);
    bob = await signIn(app, b.username, b.password);
    const res = await post(alice, "/api/portfolio/accounts", {
      name: "T212",
      broker: "trading212",
      baseCurrency: "GBP",
    });
    expect(res.statusCode, res.body).toBe(201);
    accountId = res.json().id;
  });
  afterAll(async () => {
    await env?.close();
  });

  let importA = "";
  it("previews a file: matches instruments, checks FX, names each bad row and column", async () => {
    const res = await upload(alice, FILE_A, { accountId });
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json() as Preview;
    importA = p.id;
    expect(p).toMatchObject({ status: "previewed", totalRows: 8, accountId, broker: "trading212" });
    const row = (n: number) => p.rows.find((r) => r.row === n) as Preview["rows"][number];
    expect(row(3)).toMatchObject({ matchedBy: "isin", ledger: { instrumentId: aapl } });
    expect(row(4)).toMatchObject({ matchedBy: "symbol", ledger: { instrumentId: msft } });
    expect(row(5).status).toBe("warning");
    expect(row(5).warnings.map((w) => w.code)).toContain("unknown_symbol");
    expect(p.unmatched).toMatchObject([{ alias: "ZEDC", rows: 1 }]);
    // The bad share count: its row and column.
    expect(row(7).status).toBe("error");
    expect(row(7).errors[0]).toMatchObject({ row: 7, column: expect.stringMatching(/shares/i) });
    // EUR: no rate in the file, one in market FX (EUR per GBP through USD) → warning with the rate.
    const eur = row(8).warnings.find((w) => w.code === "fx_from_market");
    expect(eur?.message).toMatch(/0\.8586956/);
    expect(Number(row(8).ledger?.fxRate)).toBeCloseTo(0.79 / 0.92, 9);
    // CHF: no rate anywhere → error naming the column.
    expect(row(9).errors).toMatchObject([{ row: 9, code: "missing_fx_rate" }]);
    expect(p.failedRows).toBe(2);
    expect(p.validRows).toBe(6);

    const errs = await get(alice, `/api/portfolio/imports/${importA}?filter=errors`);
    expect(errs.statusCode).toBe(200);
    expect(errs.json().rows.map((r: { row: number }) => r.row)).toEqual([7, 9]);
    expect(errs.json().total).toBe(2);
    const page = await get(alice, `/api/portfolio/imports/${importA}?offset=2&limit=3`);
    expect(page.json().rows.map((r: { row: number }) => r.row)).toEqual([4, 5, 6]);
    expect(page.json().total).toBe(8);
  });

  it("keeps another user out: 404 for reading, committing or undoing someone else's import", async () => {
    expect((await get(bob, `/api/portfolio/imports/${importA}`)).statusCode).toBe(404);
    expect((await post(bob, `/api/portfolio/imports/${importA}/commit`, { accountId })).statusCode).toBe(404);
    expect((await post(bob, `/api/portfolio/imports/${importA}/undo`)).statusCode).toBe(404);
    expect((await get(bob, "/api/portfolio/imports")).json().total).toBe(0);
    // Alice's own import into Bob's account is refused too.
    const bobAccount = (await post(bob, "/api/portfolio/accounts", { name: "B", baseCurrency: "USD" })).json()
      .id;
    const res = await post(alice, `/api/portfolio/imports/${importA}/commit`, { accountId: bobAccount });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toMatch(/accountId/);
  });

  it("a refused commit stores nothing", async () => {
    const res = await post(alice, `/api/portfolio/imports/${importA}/commit`, {
      mappings: { ZEDC: "00000000-0000-7000-8000-000000000000" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/mappings\.ZEDC/);
    expect(await ledgerCount()).toBe(0);
    expect((await get(alice, `/api/portfolio/imports/${importA}`)).json().status).toBe("previewed");
  });

  it("commits atomically: rows with errors skipped and counted, unknown instruments created on request", async () => {
    const res = await post(alice, `/api/portfolio/imports/${importA}/commit`, { createInstruments: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      status: "committed",
      importedRows: 6,
      duplicateRows: 0,
      failedRows: 2,
      createdInstruments: 1,
    });
    expect(await ledgerCount()).toBe(6);
    const { rows } = await connectionOf(env.database.db).query<{ import_row: number; origin: string }>(
      "select import_row, origin from portfolio.transactions where import_id = $1 order by import_row",
      [importA],
    );
    expect(rows.map((r) => r.import_row)).toEqual([2, 3, 4, 5, 6, 8]);
    // The holdings cache is the replay of the new ledger: 10 − 4 AAPL, 5 MSFT, 3 of the created one.
    const held = await connectionOf(env.database.db).query<{ instrument_id: string; quantity: string }>(
      "select instrument_id, quantity::text as quantity from portfolio.holdings where account_id = $1",
      [accountId],
    );
    const qty = Object.fromEntries(held.rows.map((h) => [h.instrument_id, Number(h.quantity)]));
    expect(qty[aapl]).toBe(6);
    expect(qty[msft]).toBe(5);
    expect(held.rows).toHaveLength(3);
    expect(new Set(rows.map((r) => r.origin))).toEqual(new Set(["import"]));
    expect((await post(alice, `/api/portfolio/imports/${importA}/commit`, {})).statusCode).toBe(409);
  });

  it("re-importing the same file adds nothing", async () => {
    const p = (await upload(alice, FILE_A, { accountId })).json() as Preview;
    expect(p.unmatched).toEqual([]); // the instrument created by the first commit now matches
    const res = await post(alice, `/api/portfolio/imports/${p.id}/commit`, {});
    expect(res.json()).toMatchObject({ importedRows: 0, duplicateRows: 6, failedRows: 2 });
    expect(await ledgerCount()).toBe(6);
  });

  let importB = "";
  it("an overlapping file adds only its new rows; the user's mapping is remembered", async () => {
    const p = (await upload(alice, FILE_B)).json() as Preview;
    importB = p.id;
    expect(p.accountId).toBeNull();
    expect(p.unmatched.map((u) => u.alias)).toEqual(["MSFT.US"]);
    const big = p.rows.find((r) => r.row === 4);
    expect(big?.warnings.map((w) => w.code)).toEqual([]); // no account yet: holdings not checked
    const noAccount = await post(alice, `/api/portfolio/imports/${importB}/commit`, {});
    expect(noAccount.statusCode).toBe(400);
    expect(noAccount.json().message).toMatch(/accountId/);
    const res = await post(alice, `/api/portfolio/imports/${importB}/commit`, {
      accountId,
      mappings: { "MSFT.US": msft },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ importedRows: 2, duplicateRows: 1, failedRows: 0 });
    expect(await ledgerCount()).toBe(8);
    const detail = (await get(alice, `/api/portfolio/imports/${importB}`)).json();
    const codes = detail.warnings.map((w: { code: string }) => w.code);
    expect(codes).toContain("sale_exceeds_holding");
    // The ledger now sells more than it holds: the import stands, the holdings say why they are stale.
    expect(codes).toContain("holdings_not_refreshed");
    // The next file naming MSFT.US finds it through the remembered alias.
    const again = (await upload(alice, FILE_B, { accountId })).json() as Preview;
    expect(again.rows.find((r) => r.row === 3)).toMatchObject({
      matchedBy: "alias",
      ledger: { instrumentId: msft },
    });
  });

  it("undoes an import as a whole, and lists the history", async () => {
    const res = await post(alice, `/api/portfolio/imports/${importA}/undo`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ status: "undone", removedRows: 6 });
    expect(await ledgerCount()).toBe(2); // file B's own rows stay
    expect((await post(alice, `/api/portfolio/imports/${importA}/undo`)).statusCode).toBe(409);
    const list = (await get(alice, "/api/portfolio/imports")).json();
    expect(list.total).toBe(4);
    const a = list.imports.find((i: { id: string }) => i.id === importA);
    expect(a).toMatchObject({
      fileName: "history.csv",
      broker: "trading212",
      status: "undone",
      importedRows: 6,
    });
    expect(a.undoneAt).not.toBeNull();
  });

  it("answers bad uploads with a clear 4xx", async () => {
    const empty = await upload(alice, "");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/file: the file is empty/);
    const unknown = await upload(alice, "a,b,c\n1,2,3\n");
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toMatch(/not recognised.*trading212/);
    const badPreset = await upload(alice, FILE_A, { broker: "nope" });
    expect(badPreset.statusCode).toBe(400);
    expect(badPreset.json().message).toMatch(/broker: unknown preset nope/);
    const badAccount = await upload(alice, FILE_A, { accountId: "x" });
    expect(badAccount.statusCode).toBe(400);
    expect(badAccount.json().message).toMatch(/accountId/);
    const huge = await upload(alice, Buffer.alloc(33 * 1024 * 1024, 0x41));
    expect(huge.statusCode).toBe(413);
    const noFile = await app.inject({
      method: "POST",
      url: "/api/portfolio/imports",
      headers: { ...alice.bearer, "content-type": "application/json" },
      payload: {},
    });
    expect(noFile.statusCode).toBeGreaterThanOrEqual(400);
    expect(noFile.statusCode).toBeLessThan(500);
  });

  it("lists presets and keeps saved generic-CSV mappings per user", async () => {
    const presets = (await get(alice, "/api/portfolio/import-presets")).json().presets;
    expect(presets.map((p: { id: string }) => p.id)).toContain("trading212");
    const saved = await post(alice, "/api/portfolio/import-mappings", {
      name: "My bank",
      headers: ["Trade Date", "Ticker", "Qty"],
      mapping: { date: "Trade Date", symbol: "Ticker", quantity: "Qty" },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const bad = await post(alice, "/api/portfolio/import-mappings", {
      name: "Bad",
      headers: ["A"],
      mapping: { date: "B" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/mapping\.date/);
    const found = await get(
      alice,
      `/api/portfolio/import-mappings?headers=${encodeURIComponent("trade date,TICKER,Qty")}`,
    );
    expect(found.json().mappings.map((m: { name: string }) => m.name)).toEqual(["My bank"]);
    const other = await get(alice, `/api/portfolio/import-mappings?headers=${encodeURIComponent("x,y")}`);
    expect(other.json().mappings).toEqual([]);
    // A file of that shape is read through the saved mapping without being told.
    const mine = await post(alice, "/api/portfolio/import-mappings", {
      name: "Bank export",
      headers: ["Booked", "Kind", "Code", "Units", "Unit price", "Ccy"],
      mapping: {
        date: "Booked",
        type: "Kind",
        symbol: "Code",
        quantity: "Units",
        price: "Unit price",
        currency: "Ccy",
      },
    });
    expect(mine.statusCode, mine.body).toBe(201);
    const bank =
      "Booked;Kind;Code;Units;Unit price;Ccy\n2024-05-02;Buy;AAPL;3;170,50;USD\n2024-05-03;Sell;AAPL;1;171,00;USD\n";
    const read = await upload(alice, bank, { accountId }, "bank.csv");
    expect(read.statusCode, read.body).toBe(201);
    const p = read.json() as Preview & { broker: string; detectedBroker: string | null };
    expect(p.broker).toBe("generic-csv");
    expect(p.rows.map((r) => [r.row, r.ledger?.instrumentId, r.ledger?.quantity])).toEqual([
      [2, aapl, "3"],
      [3, aapl, "1"],
    ]);
    const id = saved.json().id;
    expect(
      (
        await app.inject({
          method: "DELETE",
          url: `/api/portfolio/import-mappings/${id}`,
          headers: bob.bearer,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: "DELETE",
          url: `/api/portfolio/import-mappings/${id}`,
          headers: alice.bearer,
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (await get(alice, "/api/portfolio/import-mappings"))
        .json()
        .mappings.map((m: { name: string }) => m.name),
    ).toEqual(["Bank export"]);
  });
});
