// Real broker files (the parsers' fixtures, in the repository) through the whole pipeline over HTTP:
// each is detected as its broker, every row of the preview is accounted for (to import, in error, or
// left out on purpose), the commit writes exactly the rows it said it would, and importing the same
// file again adds nothing.
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, type SignedIn, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";

const FIXTURES = join(import.meta.dirname, "parsers", "fixtures");

/** Fixture → the preset it must be detected as. */
const FILES: [string, string][] = [
  ["trading212/trading212-export.csv", "trading212"],
  ["degiro/degiro-export.csv", "degiro"],
  ["ibkr/ibkr-flex-report.xml", "ibkr-flex-xml"],
  ["schwab/schwab-export.csv", "schwab"],
  ["ghostfolio/ghostfolio-export.json", "ghostfolio"],
  ["etrade/etrade_09092023.QFX", "etrade-ofx"],
  ["metatrader5/MetaTrader5.xlsx", "metatrader5"],
];

function multipart(name: string, body: Buffer, fields: Record<string, string>) {
  const boundary = "----bullpenfixture";
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    body,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return {
    payload: Buffer.concat(parts),
    headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
  };
}

describe("real broker files through preview, commit and re-import", () => {
  let env: TestEnv & { app: FastifyInstance };
  let user: SignedIn;

  beforeAll(async () => {
    env = await createTestApp();
    const u = await createUser(env.platform);
    user = await signIn(env.app, u.username, u.password);
  });
  afterAll(async () => {
    await env?.close();
  });

  it("a file of several broker accounts goes, row by row, to the account with that broker id", async () => {
    const { app } = env;
    const csv = [
      "Date,Account,Type,Symbol,Quantity,Price,Currency",
      "2024-01-02,U111,Buy,AAPL,5,180,USD",
      "2024-01-03,U222,Buy,AAPL,7,181,USD",
      "2024-01-04,U111,Sell,AAPL,2,185,USD",
    ].join("\n");
    const mapping = JSON.stringify({
      date: "Date",
      account: "Account",
      type: "Type",
      symbol: "Symbol",
      quantity: "Quantity",
      price: "Price",
      currency: "Currency",
    });
    const send = (fields: Record<string, string>) => {
      const m = multipart("accounts.csv", Buffer.from(csv), { broker: "generic-csv", mapping, ...fields });
      return app.inject({
        method: "POST",
        url: "/api/portfolio/imports",
        headers: { ...user.bearer, ...m.headers },
        payload: m.payload,
      });
    };
    const loose = await send({});
    expect(loose.statusCode, loose.body).toBe(201);
    expect(loose.json().warnings.map((w: { code: string }) => w.code)).toContain("several_accounts");
    const account = await app.inject({
      method: "POST",
      url: "/api/portfolio/accounts",
      headers: user.bearer,
      payload: { name: "U111", baseCurrency: "USD", brokerAccountId: "U111" },
    });
    const p = (await send({ accountId: account.json().id })).json();
    expect(p.rows.map((r: { row: number; status: string }) => [r.row, r.status])).toEqual([
      [2, "warning"], // AAPL is unknown here: no instrument
      [3, "ignored"],
      [4, "warning"],
    ]);
    expect(p.rows[1].warnings[0]).toMatchObject({ row: 3, code: "other_account", column: "accountRef" });
    expect(p.ignoredRows).toBe(1);
  });

  it.each(FILES)("%s", async (path, broker) => {
    const { app } = env;
    const account = await app.inject({
      method: "POST",
      url: "/api/portfolio/accounts",
      headers: user.bearer,
      payload: { name: path, baseCurrency: "USD" },
    });
    expect(account.statusCode, account.body).toBe(201);
    const accountId = account.json().id as string;
    const bytes = readFileSync(join(FIXTURES, path));
    const upload = () => {
      const m = multipart(basename(path), bytes, { accountId });
      return app.inject({
        method: "POST",
        url: "/api/portfolio/imports",
        headers: { ...user.bearer, ...m.headers },
        payload: m.payload,
      });
    };
    const res = await upload();
    expect(res.statusCode, res.body).toBe(201);
    const p = res.json();
    expect(p.broker).toBe(broker);
    expect(p.detectedBroker).toBe(broker);
    const all = await app.inject({
      method: "GET",
      url: `/api/portfolio/imports/${p.id}?limit=1000`,
      headers: user.bearer,
    });
    const rows = all.json().rows as { row: number; status: string; errors: { column?: string }[] }[];
    expect(rows.length).toBe(all.json().total);
    expect(p.validRows + p.failedRows + p.ignoredRows).toBe(rows.length);
    expect(p.validRows).toBeGreaterThan(0);
    // Every error names its row.
    for (const r of rows.filter((x) => x.status === "error")) expect(r.row).toBeGreaterThan(0);

    const commit = await app.inject({
      method: "POST",
      url: `/api/portfolio/imports/${p.id}/commit`,
      headers: user.bearer,
      payload: { createInstruments: true },
    });
    expect(commit.statusCode, commit.body).toBe(200);
    const c = commit.json();
    expect(c.importedRows + c.duplicateRows + c.failedRows + p.ignoredRows).toBe(rows.length);
    expect(c.importedRows).toBeGreaterThan(0);

    const again = (await upload()).json();
    const second = await app.inject({
      method: "POST",
      url: `/api/portfolio/imports/${again.id}/commit`,
      headers: user.bearer,
      payload: {},
    });
    expect(second.json()).toMatchObject({ importedRows: 0, duplicateRows: c.importedRows + c.duplicateRows });
  });
});
