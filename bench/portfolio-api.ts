// Portfolio API benchmark (issue 10): what a user waits for, not the engine alone. One EUR account
// with 1,900 ledger rows over 8 years (a Trading 212 file through the import), 25 USD instruments
// with a daily close each weekday, EUR/USD rates every day; then each read the portfolio pages make
// (holdings, performance for MAX with a benchmark, the decomposition, the home card) and adding one
// transaction, through the app's routes (Fastify inject: routing, validation, the verb, serialisation).
//   node bench/portfolio-api.ts [--rounds 15]          on PGlite
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node bench/portfolio-api.ts
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { createInstrument } from "../server/src/modules/market/index.ts";
import { connectionOf } from "../server/src/platform/db/connection.ts";
import { createUser, operatorCtx, signIn } from "../server/test/factories.ts";
import { createTestApp, usingPostgres } from "../server/test/harness.ts";
import { generate, makeInstruments } from "./portfolio-import.ts";

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? (process.argv[i + 1] as string) : def;
};
const ROUNDS = Number(arg("rounds", "15"));
const ROWS = 1_900;
const START = Date.UTC(2018, 11, 3);

async function main() {
  const env = await createTestApp();
  const db = connectionOf(env.platform.database.db);
  try {
    const ctx = operatorCtx(env.platform);
    const list = makeInstruments(25);
    const ids: string[] = [];
    for (const [k, i] of list.entries()) {
      const made = await createInstrument({
        ctx,
        input: { symbol: i.symbol, mic: "XNYS", name: i.name, currency: "USD", isin: i.isin },
      });
      ids.push(made.id);
      // A close every weekday from two weeks before the first row to today, wandering around the price.
      await db.query(
        `insert into market.bars (instrument_id, interval, ts, open, high, low, close, volume, source)
         select $1, '1d', d, c, c, c, c, 1000, 'bench'
           from (select d, round(($2 * (1 + 0.3 * sin(extract(epoch from d) / 86400 / 40 + $3)))::numeric, 2)::float8 as c
                   from generate_series($4::timestamptz, now(), interval '1 day') d
                  where extract(isodow from d) < 6) x`,
        [made.id, i.price, k, new Date(START - 14 * 86_400_000).toISOString()],
      );
    }
    await db.query(
      `insert into market.fx_rates (base, quote, rate_date, rate, source)
       select 'USD', 'EUR', d::date, round((1 / (1.05 + 0.2 * sin(extract(epoch from d) / 86400 / 300)))::numeric, 6), 'bench'
         from generate_series($1::timestamptz, now(), interval '1 day') d
       on conflict do nothing`,
      [new Date(START - 30 * 86_400_000).toISOString()],
    );
    const user = await createUser(env.platform);
    const { bearer } = await signIn(env.app, user.username, user.password);
    const call = async (method: "GET" | "POST", url: string, payload?: unknown) => {
      const r = await env.app.inject({
        method,
        url,
        headers: bearer,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      if (r.statusCode >= 300) throw new Error(`${method} ${url}: ${r.statusCode} ${r.body.slice(0, 300)}`);
      return r.json();
    };
    const account = await call("POST", "/api/portfolio/accounts", { name: "T212", baseCurrency: "EUR" });
    const csv = generate(ROWS, list, { start: START, years: 8 });
    const boundary = "benchboundary";
    const body = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="accountId"\r\n\r\n${account.id}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="t212.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    );
    const preview = await env.app.inject({
      method: "POST",
      url: "/api/portfolio/imports",
      headers: { ...bearer, "content-type": `multipart/form-data; boundary=${boundary}` },
      payload: body,
    });
    if (preview.statusCode !== 201 && preview.statusCode !== 200)
      throw new Error(`preview: ${preview.statusCode} ${preview.body.slice(0, 300)}`);
    const committed = await call("POST", `/api/portfolio/imports/${preview.json().id}/commit`, {});
    const benchmark = ids[0];
    const reads: [string, string][] = [
      ["GET /holdings", "/api/portfolio/holdings"],
      [
        "GET /performance?period=MAX (with a benchmark)",
        `/api/portfolio/performance?period=MAX&benchmark=${benchmark}`,
      ],
      ["GET /performance?period=1Y", "/api/portfolio/performance?period=1Y"],
      ["GET /decomposition?period=MAX", "/api/portfolio/decomposition?period=MAX"],
      ["GET /home/cards/portfolio.summary (home card)", "/api/home/cards/portfolio.summary"],
      ["GET /xray", "/api/portfolio/xray"],
    ];
    // Wall time, and the CPU time of this process (the PGlite thread included; not a server's).
    const times = new Map<string, { wall: number[]; cpu: number[] }>();
    const time = async (name: string, fn: () => Promise<unknown>) => {
      const t = performance.now();
      const c = process.cpuUsage();
      await fn();
      const u = process.cpuUsage(c);
      const entry = times.get(name) ?? { wall: [], cpu: [] };
      entry.wall.push(performance.now() - t);
      entry.cpu.push((u.user + u.system) / 1000);
      times.set(name, entry);
    };
    let added = 0;
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, url] of reads) await time(name, () => call("GET", url));
      await time("POST /transactions (a buy today)", () =>
        call("POST", "/api/portfolio/transactions", {
          accountId: account.id,
          type: "buy",
          date: new Date().toISOString().slice(0, 10),
          instrumentId: ids[added++ % ids.length],
          quantity: "1",
          price: "10",
          currency: "USD",
          fxRate: "0.9",
        }),
      );
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
    console.log(`# portfolio API benchmark — ${usingPostgres ? "PostgreSQL server" : "PGlite (in memory)"}`);
    console.log("");
    console.log(
      `- ${new Date().toISOString()}, node ${process.version}, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(
          " ",
        )}; ${committed.importedRows} ledger rows imported, 25 instruments, ${ROUNDS} rounds (the first dropped)`,
    );
    console.log("");
    console.log("| request | wall median ms | wall min ms | CPU median ms | CPU min ms |");
    console.log("|---|---|---|---|---|");
    for (const [name, { wall, cpu }] of times) {
      const w = wall.slice(1);
      const c = cpu.slice(1);
      console.log(
        `| ${name} | ${median(w).toFixed(1)} | ${Math.min(...w).toFixed(1)} | ${median(c).toFixed(1)} | ${Math.min(...c).toFixed(1)} |`,
      );
    }
  } finally {
    await env.close();
  }
}

await main();
