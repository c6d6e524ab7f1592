// Migration 0012 on a database that has rows in the old shape: market codes become MIC and country,
// duplicate listings merge into the oldest (bars, actions, watchlist entries follow), conflicting
// ISINs stop the upgrade with a message naming the rows, and macro observations and regime rows get
// their known_at. PGlite, or PostgreSQL with TEST_DATABASE_URL.
import { randomBytes } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { usingPostgres } from "../../../../test/harness.ts";
import { type Database, MEMORY, openDatabase } from "../../../platform/db/index.ts";
import { migrationsFolder, runMigrations } from "../../../platform/migrate.ts";

const BEFORE = "0011_market_quotes";
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** A fresh database migrated up to (and including) 0011, the last migration with `market`. */
async function databaseBefore0012(): Promise<Database> {
  let database: Database;
  if (usingPostgres) {
    const admin = process.env.TEST_DATABASE_URL as string;
    const name = `bullpen_m_${randomBytes(6).toString("hex")}`;
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`create database ${name}`);
    await c.end();
    const url = new URL(admin);
    url.pathname = `/${name}`;
    database = await openDatabase({ url: url.toString(), dataDir: MEMORY, poolSize: 2 });
    cleanups.push(async () => {
      await database.close();
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`drop database if exists ${name} with (force)`);
      await d.end();
    });
  } else {
    database = await openDatabase({ dataDir: MEMORY });
    cleanups.push(() => database.close());
  }
  const dir = mkdtempSync(join(tmpdir(), "bullpen-migrations-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, "meta/_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as { entries: { tag: string }[] };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === BEFORE) + 1);
  writeFileSync(journalPath, JSON.stringify(journal));
  if (database.kind === "postgres") await migratePg(database.db as never, { migrationsFolder: dir });
  else await migratePglite(database.db as never, { migrationsFolder: dir });
  return database;
}

const ids = {
  aaplUs: "0190a0a0-0000-7000-8000-000000000001",
  aaplNasdaq: "0190a0a0-0000-7000-8000-000000000002",
  samsung: "0190a0a0-0000-7000-8000-000000000003",
  kosdaq: "0190a0a0-0000-7000-8000-000000000004",
  eurusd: "0190a0a0-0000-7000-8000-000000000005",
  spx: "0190a0a0-0000-7000-8000-000000000006",
  synth: "0190a0a0-0000-7000-8000-000000000007",
  oddKr: "0190a0a0-0000-7000-8000-000000000008",
  user: "0190a0a0-0000-7000-8000-0000000000aa",
  watchlist: "0190a0a0-0000-7000-8000-0000000000bb",
  series: "0190a0a0-0000-7000-8000-0000000000cc",
};

async function insertInstrument(
  db: Database,
  r: {
    id: string;
    symbol: string;
    market: string;
    exchange?: string;
    currency?: string;
    isin?: string;
    country?: string;
    at: string;
  },
) {
  await db.query(
    `insert into market.instruments (id, symbol, market, exchange, name, currency, isin, country, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
    [
      r.id,
      r.symbol,
      r.market,
      r.exchange ?? null,
      `${r.symbol} (${r.market})`,
      r.currency ?? "USD",
      r.isin ?? null,
      r.country ?? null,
      r.at,
    ],
  );
}

describe("migration 0012 (instrument identity, point in time)", () => {
  it("maps old market codes to MIC and country, and merges AAPL/US into the older AAPL/NASDAQ listing", async () => {
    const db = await databaseBefore0012();
    await insertInstrument(db, {
      id: ids.aaplNasdaq,
      symbol: "AAPL",
      market: "NASDAQ",
      at: "2024-01-01T00:00:00Z",
    });
    await insertInstrument(db, {
      id: ids.aaplUs,
      symbol: "AAPL",
      market: "US",
      isin: "US0378331005",
      country: "United States",
      at: "2024-02-01T00:00:00Z",
    });
    await insertInstrument(db, {
      id: ids.samsung,
      symbol: "005930",
      market: "KR",
      exchange: "KOSPI",
      currency: "USD",
      at: "2024-01-02T00:00:00Z",
    });
    await insertInstrument(db, {
      id: ids.kosdaq,
      symbol: "999001",
      market: "KR",
      exchange: "KOSDAQ",
      currency: "KRW",
      at: "2024-01-02T00:00:00Z",
    });
    await insertInstrument(db, {
      id: ids.eurusd,
      symbol: "EURUSD",
      market: "FX",
      at: "2024-01-02T00:00:00Z",
    });
    await insertInstrument(db, {
      id: ids.spx,
      symbol: "SPX",
      market: "US",
      exchange: "INDEX",
      at: "2024-01-02T00:00:00Z",
    });
    await insertInstrument(db, {
      id: ids.synth,
      symbol: "SYNTH",
      market: "OTHER",
      exchange: "XNYS",
      at: "2024-01-02T00:00:00Z",
    });
    // Bars of both AAPL rows, one day in common (the older row's bar wins), one each of their own.
    const bar = (id: string, day: string, close: number) =>
      db.query(
        `insert into market.bars (instrument_id, interval, ts, open, high, low, close) values ($1, '1d', $2, $3, $3, $3, $3)`,
        [id, `${day}T00:00:00Z`, close],
      );
    await bar(ids.aaplNasdaq, "2024-03-01", 100);
    await bar(ids.aaplNasdaq, "2024-03-04", 101);
    await bar(ids.aaplUs, "2024-03-04", 999);
    await bar(ids.aaplUs, "2024-03-05", 102);
    await db.query(
      `insert into market.corporate_actions (id, instrument_id, action_type, ex_date, amount, currency)
       values ('0190a0a0-0000-7000-8000-0000000000d1', $1, 'dividend', '2024-02-09', 0.24, 'USD')`,
      [ids.aaplUs],
    );
    await db.query(
      `insert into identity.users (id, username, password_hash, status, role) values ($1, 'migrator', 'x', 'active', 'user')`,
      [ids.user],
    );
    await db.query(
      `insert into market.watchlists (id, user_id, name, instrument_ids) values ($1, $2, 'w', $3::uuid[])`,
      [ids.watchlist, ids.user, `{${ids.spx},${ids.aaplUs},${ids.aaplNasdaq}}`],
    );
    // A monthly series loaded long after its dates, and one loaded before its usual release.
    await db.query(
      `insert into market.macro_series (id, code, name, frequency) values ($1, 'CPI', 'CPI', 'monthly')`,
      [ids.series],
    );
    await db.query(
      `insert into market.macro_observations (series_id, seq, obs_date, value, created_at) values
         ($1, 1, '2020-01-01', 1.5, '2025-06-01T00:00:00Z'),
         ($1, 2, '2025-05-01', 2.5, '2025-06-01T00:00:00Z')`,
      [ids.series],
    );
    await db.query(
      `insert into market.regime_indicators (date, data_source, computed_at) values ('2024-01-02', 'x', '2025-01-01T00:00:00Z')`,
    );

    expect((await runMigrations(db)).applied).toBeGreaterThanOrEqual(1);

    const rows = (
      await db.query<{
        id: string;
        symbol: string;
        mic: string;
        country: string | null;
        exchange: string | null;
        currency: string;
        isin: string | null;
      }>("select id, symbol, mic, country, exchange, currency, isin from market.instruments order by symbol")
    ).rows;
    expect(rows.map((r) => [r.symbol, r.mic, r.country, r.exchange, r.currency])).toEqual([
      ["005930", "XKRX", "KR", "KOSPI", "KRW"],
      ["999001", "XKOS", "KR", "KOSDAQ", "KRW"],
      ["AAPL", "XNAS", "US", "NASDAQ", "USD"],
      ["EURUSD", "XXXX", null, null, "USD"],
      ["SPX", "XXXX", "US", "INDEX", "USD"],
      ["SYNTH", "XNYS", "US", "NYSE", "USD"],
    ]);
    // AAPL/US went into the older AAPL/NASDAQ row, which took its ISIN, bars and dividend.
    const aapl = rows.find((r) => r.symbol === "AAPL");
    expect(aapl).toMatchObject({ id: ids.aaplNasdaq, isin: "US0378331005" });
    const bars = (
      await db.query<{ d: string; close: number }>(
        "select to_char(ts at time zone 'UTC', 'YYYY-MM-DD') as d, close from market.bars where instrument_id = $1 order by ts",
        [ids.aaplNasdaq],
      )
    ).rows;
    expect(bars.map((b) => [b.d, Number(b.close)])).toEqual([
      ["2024-03-01", 100],
      ["2024-03-04", 101],
      ["2024-03-05", 102],
    ]);
    expect(
      (await db.query("select 1 from market.bars where instrument_id = $1", [ids.aaplUs])).rows,
    ).toHaveLength(0);
    expect(
      (await db.query<{ instrument_id: string }>("select instrument_id from market.corporate_actions")).rows,
    ).toEqual([{ instrument_id: ids.aaplNasdaq }]);
    const w = (await db.query<{ ids: string }>("select instrument_ids::text as ids from market.watchlists"))
      .rows[0];
    expect(w?.ids).toBe(`{${ids.spx},${ids.aaplNasdaq}}`);

    // known_at: the usual release lag after the date, never after the row was stored.
    const obs = (
      await db.query<{ seq: number; k: string }>(
        "select seq, to_char(known_at at time zone 'UTC', 'YYYY-MM-DD') as k from market.macro_observations order by seq",
      )
    ).rows;
    expect(obs).toEqual([
      { seq: 1, k: "2020-02-15" },
      { seq: 2, k: "2025-06-01" },
    ]);
    const regime = (await db.query<{ k: string }>("select known_at::text as k from market.regime_indicators"))
      .rows[0];
    expect(new Date(regime?.k as string).toISOString()).toBe("2025-01-01T00:00:00.000Z");

    // The new rules hold: one listing per (symbol, MIC); Korean listings in KRW.
    await expect(
      db.query(
        "insert into market.instruments (id, symbol, mic, country, name) values ($1, 'AAPL', 'XNYS', 'US', 'dup')",
        ["0190a0a0-0000-7000-8000-0000000000e1"],
      ),
    ).rejects.toThrow(/instruments_national_symbol_key/);
    await expect(
      db.query(
        "insert into market.instruments (id, symbol, mic, country, name, currency) values ($1, '000660', 'XKRX', 'KR', 'x', 'USD')",
        ["0190a0a0-0000-7000-8000-0000000000e2"],
      ),
    ).rejects.toThrow(/instruments_kr_currency_check/);
  });

  it("stops, naming both rows, when one listing would hold two ISINs", async () => {
    const db = await databaseBefore0012();
    await insertInstrument(db, {
      id: ids.aaplNasdaq,
      symbol: "AAPL",
      market: "NASDAQ",
      isin: "US0378331005",
      at: "2024-01-01T00:00:00Z",
    });
    await insertInstrument(db, {
      id: ids.aaplUs,
      symbol: "AAPL",
      market: "US",
      isin: "US5949181045",
      at: "2024-02-01T00:00:00Z",
    });
    const err = await runMigrations(db).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err).not.toBeNull();
    const message = `${err?.message} ${(err?.cause as Error | undefined)?.message ?? ""}`;
    expect(message).toContain(ids.aaplUs);
    expect(message).toContain(ids.aaplNasdaq);
    expect(message).toMatch(/different ISINs/);
    // Nothing of 0012 was applied: the old column is still there.
    expect((await db.query("select market from market.instruments")).rows).toHaveLength(2);
  });
});
