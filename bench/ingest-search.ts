// Instrument search on 100k instruments (issue 4: "fast on 100k instruments"), PostgreSQL server.
// Usage: node bench/ingest-search.ts [--pg postgres://postgres@127.0.0.1:5432/postgres]
import pg from "pg";
import { operatorCtxOn } from "../server/src/boot.ts";
import { loadConfig } from "../server/src/config.ts";
import { searchInstruments } from "../server/src/modules/market/index.ts";
import { openDatabase } from "../server/src/platform/db/index.ts";
import { runMigrations } from "../server/src/platform/migrate.ts";

const i = process.argv.indexOf("--pg");
const ADMIN = i > 0 ? (process.argv[i + 1] as string) : "postgres://postgres@127.0.0.1:5432/postgres";
const name = `bullpen_search_${process.pid}`;
const admin = new pg.Client({ connectionString: ADMIN });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();
const url = new URL(ADMIN);
url.pathname = `/${name}`;
const db = await openDatabase({ url: url.toString(), dataDir: ":memory:", poolSize: 2 });
try {
  await runMigrations(db);
  // 100k made-up instruments with word-like names, plus a few real ones to find.
  await db.exec(`insert into market.instruments (id, symbol, mic, country, name, name_local, currency)
    select gen_random_uuid(), 'S' || g, 'XNYS', 'US',
           (array['Acme','Global','United','First','Pacific','Atlantic','Northern','Royal','Summit','Vertex'])[1 + g % 10] || ' ' ||
           (array['Holdings','Energy','Bank','Foods','Motors','Pharma','Systems','Mining','Media','Retail'])[1 + (g / 10) % 10] || ' ' || g,
           null, 'USD'
    from generate_series(1, 100000) g;
    insert into market.instruments (id, symbol, mic, country, name, name_local, currency, isin) values
      (gen_random_uuid(), 'AAPL', 'XNAS', 'US', 'Apple Inc.', null, 'USD', 'US0378331005'),
      (gen_random_uuid(), 'MSFT', 'XNAS', 'US', 'Microsoft Corporation', null, 'USD', 'US5949181045'),
      (gen_random_uuid(), '005930', 'XKRX', 'KR', 'Samsung Electronics', '삼성전자', 'KRW', 'KR7005930003');
    analyze market.instruments;`);
  const ctx = operatorCtxOn(db, loadConfig({ NODE_ENV: "test" }), "bench");
  console.log("| query (100,003 instruments) | first hit | p50 | p95 |");
  console.log("|---|---|---|---|");
  for (const q of ["aapl", "microsfot", "samsng", "삼성", "US0378331005", "pacific motors", "summit"]) {
    const ts: number[] = [];
    let first = "";
    for (let k = 0; k < 40; k++) {
      const t = performance.now();
      const r = await searchInstruments({ ctx, input: { q, limit: 20 } });
      ts.push(performance.now() - t);
      first = r[0] ? `${r[0].symbol} ${r[0].name}` : "(none)";
    }
    ts.sort((a, b) => a - b);
    console.log(`| \`${q}\` | ${first} | ${ts[20]?.toFixed(1)} ms | ${ts[38]?.toFixed(1)} ms |`);
  }
} finally {
  await db.close();
  const a = new pg.Client({ connectionString: ADMIN });
  await a.connect();
  await a.query(`drop database if exists ${name} with (force)`);
  await a.end();
}
