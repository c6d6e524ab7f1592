// The generic CSV's mapping step over HTTP: a file's columns with sample values (a title line above
// the header is skipped), a mapping suggested from its titles, the user's saved mappings for that
// header; a preview through a mapping says which mapping it used; the import's detail and history
// carry the valid and ignored row counts; the history pages with offset, limit and a total.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, operatorCtx, type SignedIn, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { createInstrument } from "../../market/index.ts";

function multipart(name: string, body: string, fields: Record<string, string> = {}) {
  const boundary = "----bullpenmapping";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n`,
    ),
    Buffer.from(body),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

// A bank's export no preset knows: a title line, then the header; day-first dates, decimal commas,
// and one row whose type word the vocabulary does not know.
const BANK = [
  "Depot export — all movements",
  "Booked;Kind;Code;Units;Unit price;Ccy;Memo",
  "02.05.2024;Buy;AAPL;3;170,50;USD;first",
  "03.05.2024;Sell;AAPL;1;171,00;USD;",
  "06.05.2024;Deposit;;;;USD;1000",
  "07.05.2024;Mystery;AAPL;1;1,00;USD;",
  "",
].join("\n");
const MAPPING = {
  date: "Booked",
  type: "Kind",
  symbol: "Code",
  quantity: "Units",
  price: "Unit price",
  currency: "Ccy",
  amount: "Memo",
};

describe("the generic CSV's mapping step", () => {
  let env: TestEnv & { app: FastifyInstance };
  let alice: SignedIn;
  let bob: SignedIn;
  let accountId: string;
  let aapl: string;

  const send = (
    who: SignedIn,
    url: string,
    name: string,
    body: string,
    fields: Record<string, string> = {},
  ) => {
    const m = multipart(name, body, fields);
    return env.app.inject({
      method: "POST",
      url,
      headers: { ...who.bearer, ...m.headers },
      payload: m.payload,
    });
  };
  const get = (who: SignedIn, url: string) => env.app.inject({ method: "GET", url, headers: who.bearer });

  beforeAll(async () => {
    env = await createTestApp();
    aapl = (
      await createInstrument({
        ctx: operatorCtx(env.platform),
        input: { symbol: "AAPL", mic: "XNAS", name: "Apple Inc.", currency: "USD" },
      })
    ).id;
    const a = await createUser(env.platform);
    const b = await createUser(env.platform);
    alice = await signIn(env.app, a.username, a.password);
    bob = await signIn(env.app, b.username, b.password);
    const res = await env.app.inject({
      method: "POST",
      url: "/api/portfolio/accounts",
      headers: alice.bearer,
      payload: { name: "Bank", baseCurrency: "USD" },
    });
    accountId = res.json().id;
  });
  afterAll(async () => env?.close());

  it("reads a file's columns with sample values and suggests a mapping", async () => {
    const r = await send(alice, "/api/portfolio/import-columns", "bank.csv", BANK);
    expect(r.statusCode, r.body).toBe(200);
    const c = r.json();
    expect(c.headers).toEqual(["Booked", "Kind", "Code", "Units", "Unit price", "Ccy", "Memo"]);
    expect(c.headerRow).toBe(2);
    expect(c.samples).toHaveLength(4);
    expect(c.samples[0]).toEqual(["02.05.2024", "Buy", "AAPL", "3", "170,50", "USD", "first"]);
    expect(c.samples[2][2]).toBe("");
    expect(c.fields[0]).toBe("date");
    expect(c.fields).toEqual(
      expect.arrayContaining(["type", "symbol", "isin", "quantity", "fxRate", "account"]),
    );
    expect(c.detected).toBeNull();
    expect(c.saved).toEqual([]);
    // Suggested from titles: every suggestion names one of the file's columns.
    for (const col of Object.values(c.suggested)) expect(c.headers).toContain(col);
  });

  it("previews through a mapping, says which, and lists the mapping saved for that header", async () => {
    const { amount: _memo, ...mapping } = MAPPING;
    const p = await send(alice, "/api/portfolio/imports", "bank.csv", BANK, {
      accountId,
      broker: "generic-csv",
      dateOrder: "DMY",
      mapping: JSON.stringify(mapping),
    });
    expect(p.statusCode, p.body).toBe(201);
    const preview = p.json();
    expect(preview.broker).toBe("generic-csv");
    expect(preview.mapping).toEqual(mapping);
    const byRow = Object.fromEntries(
      preview.rows.map((r: { row: number; status: string; ledger: { tradeDate: string } | null }) => [
        r.row,
        r,
      ]),
    );
    expect(byRow[3].ledger).toMatchObject({
      tradeDate: "2024-05-02",
      instrumentId: aapl,
      quantity: "3",
      price: "170.5",
    });
    expect(byRow[6].status).toBe("error");
    expect(byRow[6].errors[0].message).toMatch(/Mystery/);
    // Counts: the unknown word fails (and the deposit, which has no amount column in this mapping);
    // the detail says what the preview said.
    const detail = (await get(alice, `/api/portfolio/imports/${preview.id}`)).json();
    expect(detail.validRows).toBe(preview.validRows);
    expect(detail.ignoredRows).toBe(preview.ignoredRows);
    expect(detail.validRows + detail.failedRows + detail.ignoredRows).toBe(detail.totalRows);
    expect(detail.failedRows).toBeGreaterThanOrEqual(1);
    expect(detail.options.mapping).toEqual(mapping);

    // Saved under a name, it is offered for the next file of this header, and only to its owner.
    const saved = await env.app.inject({
      method: "POST",
      url: "/api/portfolio/import-mappings",
      headers: alice.bearer,
      payload: {
        name: "Bank export",
        headers: ["Booked", "Kind", "Code", "Units", "Unit price", "Ccy", "Memo"],
        mapping,
      },
    });
    expect(saved.statusCode, saved.body).toBe(201);
    const again = (await send(alice, "/api/portfolio/import-columns", "bank-june.csv", BANK)).json();
    expect(again.saved.map((m: { name: string; mapping: unknown }) => [m.name, m.mapping])).toEqual([
      ["Bank export", mapping],
    ]);
    expect((await send(bob, "/api/portfolio/import-columns", "bank.csv", BANK)).json().saved).toEqual([]);
    // And an upload without a mapping finds it by the header row (below the title line).
    const auto = (
      await send(alice, "/api/portfolio/imports", "bank-june.csv", BANK, { accountId, dateOrder: "DMY" })
    ).json();
    expect(auto.broker).toBe("generic-csv");
    expect(auto.mapping).toEqual(mapping);
  });

  it("refuses files whose columns cannot be mapped, naming the file", async () => {
    const empty = await send(alice, "/api/portfolio/import-columns", "e.csv", "");
    expect(empty.statusCode).toBe(400);
    expect(empty.json().message).toMatch(/^file: /);
    const one = await send(alice, "/api/portfolio/import-columns", "one.csv", "just one column\nvalue\n");
    expect(one.statusCode).toBe(400);
    expect(one.json().message).toMatch(/^file: .*two or more columns/);
    const anon = await env.app.inject({ method: "POST", url: "/api/portfolio/import-columns" });
    expect(anon.statusCode).toBe(401);
  });

  it("pages the import history with offset, limit and the total", async () => {
    const u = await createUser(env.platform);
    const carol = await signIn(env.app, u.username, u.password);
    const acc = (
      await env.app.inject({
        method: "POST",
        url: "/api/portfolio/accounts",
        headers: carol.bearer,
        payload: { name: "C", baseCurrency: "USD" },
      })
    ).json().id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await send(carol, "/api/portfolio/imports", `f${i}.csv`, BANK, {
        accountId: acc,
        broker: "generic-csv",
        dateOrder: "DMY",
        mapping: JSON.stringify(MAPPING),
      });
      expect(r.statusCode, r.body).toBe(201);
      ids.push(r.json().id);
    }
    const first = (await get(carol, "/api/portfolio/imports?limit=2&offset=0")).json();
    const third = (await get(carol, "/api/portfolio/imports?limit=2&offset=4")).json();
    expect(first).toMatchObject({ total: 5, offset: 0, limit: 2 });
    expect(first.imports.map((i: { fileName: string }) => i.fileName)).toEqual(["f4.csv", "f3.csv"]);
    expect(third.imports.map((i: { fileName: string }) => i.fileName)).toEqual(["f0.csv"]);
    expect(first.imports[0]).toHaveProperty("validRows");
    expect(first.imports[0]).toHaveProperty("ignoredRows");
  });
});
