// `bullpen instruments …`, `bullpen import bars …`, `bullpen resample …`: the market module's verbs
// at the console (the operator acts as the local process: shared-data writes are allowed).
import { createReadStream, statSync } from "node:fs";
import { type Command, Option } from "commander";
import type { Ctx } from "../../platform/context.ts";
import type { CliKit } from "../../platform/module.ts";
import type { Platform } from "../../platform/platform.ts";
import type { ImportProgress, InstrumentOut } from "./index.ts";
import type { FetchCliOptions as FetchOptions } from "./providers/cli.ts";

// Kept here, not imported from the module, so that `--help` loads nothing heavy.
const INTERVALS = ["1m", "5m", "15m", "1h", "1d", "1w"] as const;
type Interval = (typeof INTERVALS)[number];

/** The market module, loaded when a command runs. */
const market = () => import("./index.ts");

/** The operator's ctx, after applying the configured instrument list (as every server start does). */
async function operatorCtx(cli: CliKit, p: Platform) {
  const { seedConfiguredInstruments } = await market();
  const ctx = cli.operatorCtx(p);
  await seedConfiguredInstruments(ctx);
  return ctx;
}

/** How a command names an instrument: symbol with its MIC, country or (older) market code. */
interface Listed {
  symbol: string;
  mic?: string;
  country?: string;
  market?: string;
}

/** The instrument a command names, or a one-line failure. */
async function findListed(cli: CliKit, ctx: Ctx, o: Listed, hint = "") {
  const { resolveInstrument } = await market();
  const where = o.mic ?? o.country ?? o.market;
  const instrument = await resolveInstrument({
    ctx,
    input: { symbol: o.symbol, mic: o.mic, country: o.country, market: o.market },
  });
  if (!instrument) cli.fail(`no instrument ${o.symbol}${where ? ` on ${where}` : ""}${hint}`);
  return instrument;
}

function table(rows: InstrumentOut[]): string {
  if (rows.length === 0) return "(no instruments)";
  return rows
    .map((i) =>
      [
        i.symbol.padEnd(8),
        i.mic.padEnd(4),
        (i.country ?? "--").padEnd(2),
        i.assetClass.padEnd(7),
        i.name,
        i.nameLocal ? `(${i.nameLocal})` : "",
        i.active ? "" : "[inactive]",
      ]
        .filter(Boolean)
        .join("  "),
    )
    .join("\n");
}

/** A one-line progress bar on stderr (only on a terminal), e.g. `[#####.....] 52% 1,234,567 rows`. */
export function progressPrinter(totalBytes: number | null, stream: NodeJS.WriteStream = process.stderr) {
  let last = 0;
  return {
    update(p: ImportProgress) {
      if (!stream.isTTY) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const rows = p.rowsRead.toLocaleString("en");
      if (totalBytes) {
        const f = Math.min(1, p.bytesRead / totalBytes);
        const n = Math.round(f * 30);
        stream.write(
          `\r[${"#".repeat(n)}${".".repeat(30 - n)}] ${(f * 100).toFixed(0).padStart(3)}% ${rows} rows`,
        );
      } else stream.write(`\r${rows} rows read`);
    },
    done() {
      if (stream.isTTY) stream.write("\r\x1b[K");
    },
  };
}

export function marketCommands(program: Command, cli: CliKit): void {
  const { out } = cli;
  const ins = program
    .command("instruments")
    .description("the instrument master (symbols, names, identifiers)");
  ins
    .command("add")
    .description("add an instrument; ISIN/CUSIP/SEDOL are checked by their check digits")
    .requiredOption("--symbol <symbol>", "ticker, or a 6-digit code for Korean markets")
    .option(
      "--mic <mic>",
      "listing venue, ISO 10383: XNAS, XNYS, ARCX, XKRX (KOSPI), XKOS (KOSDAQ), XXXX (none) …",
    )
    .option("--country <cc>", "ISO 3166 country (implied by a known MIC)")
    .option(
      "--market <market>",
      "instead of --mic (older codes): US, KR, NYSE, NASDAQ, KOSPI, KOSDAQ, FX, CRYPTO …",
    )
    .requiredOption("--name <name>", "display name")
    .option("--name-local <name>", "local (e.g. Korean) name")
    .option("--asset-class <class>", "equity, etf, bond, option, future, index, fx, crypto, fund", "equity")
    .option("--currency <ccy>", "trading currency (default KRW for Korean listings, else USD)")
    .option("--exchange <name>", "readable venue name, or one that names the venue (NASDAQ, KOSDAQ …)")
    .option("--isin <isin>", "ISIN")
    .option("--cusip <cusip>", "CUSIP")
    .option("--sedol <sedol>", "SEDOL")
    .option("--base <ccy>", "forex base currency")
    .option("--quote <ccy>", "forex quote currency")
    .option("--pip <value>", "forex pip value")
    .action((o: Record<string, string | undefined>) =>
      cli.withPlatform({}, async (p) => {
        const { createInstrument } = await market();
        const i = await createInstrument({
          ctx: await operatorCtx(cli, p),
          input: {
            symbol: o.symbol as string,
            mic: o.mic,
            country: o.country,
            market: o.market as "US" | undefined,
            name: o.name as string,
            nameLocal: o.nameLocal,
            assetClass: o.assetClass as "equity",
            currency: o.currency,
            exchange: o.exchange,
            isin: o.isin,
            cusip: o.cusip,
            sedol: o.sedol,
            baseCurrency: o.base,
            quoteCurrency: o.quote,
            pipValue: o.pip,
          },
        });
        out(`added ${i.symbol} (${i.mic}${i.country ? `, ${i.country}` : ""}) id ${i.id}`);
      }),
    );
  ins
    .command("list")
    .description("list active instruments")
    .option("--mic <mic>", "only this venue (ISO 10383)")
    .option("--country <cc>", "only this country (ISO 3166)")
    .option("--market <market>", "only this market (older codes: US, KR, KOSPI, FX …)")
    .option("--all", "include inactive ones", false)
    .option("--json", "print JSON", false)
    .action((o: { mic?: string; country?: string; market?: string; all: boolean; json: boolean }) =>
      cli.withPlatform({}, async (p) => {
        const { searchInstruments } = await market();
        const rows = await searchInstruments({
          ctx: await operatorCtx(cli, p),
          input: { mic: o.mic, country: o.country, market: o.market, includeInactive: o.all, limit: 500 },
        });
        out(o.json ? JSON.stringify(rows, null, 2) : table(rows));
      }),
    );
  ins
    .command("search <query>")
    .description("typo-tolerant search by symbol, name, Korean name or ISIN")
    .option("--mic <mic>", "only this venue (ISO 10383)")
    .option("--country <cc>", "only this country (ISO 3166)")
    .option("--json", "print JSON", false)
    .action((query: string, o: { mic?: string; country?: string; json: boolean }) =>
      cli.withPlatform({}, async (p) => {
        const { searchInstruments } = await market();
        const rows = await searchInstruments({
          ctx: await operatorCtx(cli, p),
          input: { q: query, mic: o.mic, country: o.country, limit: 20 },
        });
        out(o.json ? JSON.stringify(rows, null, 2) : table(rows));
      }),
    );

  program
    .command("import")
    .description("bulk imports")
    .command("bars [file]")
    .description(
      "import OHLCV bars from CSV (header date,open,high,low,close,volume[,adj_close]; FILE or - for standard input). " +
        "All rows or none: exits 1 and lists every bad row when any is rejected.",
    )
    .requiredOption("--symbol <symbol>", "instrument symbol")
    .option("--mic <mic>", "its venue (ISO 10383), when several listings share the symbol")
    .option("--country <cc>", "its country (ISO 3166)")
    .option("--market <market>", "its market (older codes: US, KR, NASDAQ, KOSPI …)")
    .addOption(new Option("--interval <interval>", "bar interval").choices([...INTERVALS]).default("1d"))
    .option("--source <name>", "source label stored with the bars", "import")
    .option("--timezone <zone>", "IANA zone of timestamps without an offset (default: the exchange's)")
    .option("--json", "print the result as JSON", false)
    .action(
      (
        file: string | undefined,
        o: Listed & {
          interval: Interval;
          source: string;
          timezone?: string;
          json: boolean;
        },
      ) =>
        cli.withPlatform({}, async (p) => {
          const ctx = await operatorCtx(cli, p);
          const { importBars } = await market();
          const instrument = await findListed(cli, ctx, o, " (add it with: bullpen instruments add)");
          const fromStdin = !file || file === "-";
          let size: number | null = null;
          if (!fromStdin) {
            try {
              size = statSync(file).size;
            } catch {
              cli.fail(`cannot read ${file}`);
            }
          }
          const bar = progressPrinter(size);
          const r = await importBars({
            ctx,
            input: {
              instrumentId: instrument.id,
              interval: o.interval,
              source: o.source,
              timeZone: o.timezone,
              body: fromStdin ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 }),
              onProgress: (x: ImportProgress) => bar.update(x),
            },
          });
          bar.done();
          if (o.json) out(JSON.stringify(r, null, 2));
          else {
            out(
              `${o.symbol} ${o.interval}: ${r.rowsRead} rows read, added ${r.added}, skipped ${r.skippedDuplicates} (already stored), rejected ${r.rejected}`,
            );
            for (const e of r.errors.slice(0, 50)) out(`  row ${e.row}: ${e.message}`);
            if (r.errors.length > 50 || r.errorsTruncated) out(`  … and ${r.rejected - 50} more`);
          }
          if (r.refused) cli.fail("import refused: nothing was stored (fix the rows above and run it again)");
        }),
    );

  program
    .command("resample")
    .description(
      "aggregate stored bars into a coarser interval and store them (first open, max high, min low, last close, summed volume)",
    )
    .requiredOption("--symbol <symbol>", "instrument symbol")
    .option("--mic <mic>", "its venue (ISO 10383), when several listings share the symbol")
    .option("--country <cc>", "its country (ISO 3166)")
    .option("--market <market>", "its market (older codes: US, KR, NASDAQ, KOSPI …)")
    .addOption(
      new Option("--source <interval>", "stored interval to read").choices([...INTERVALS]).default("1m"),
    )
    .addOption(
      new Option("--target <interval>", "interval to build").choices([...INTERVALS]).makeOptionMandatory(),
    )
    .option("--from <date>", "first date (inclusive)")
    .option("--to <date>", "end (exclusive)")
    .action(
      (
        o: Listed & {
          source: Interval;
          target: Interval;
          from?: string;
          to?: string;
        },
      ) =>
        cli.withPlatform({}, async (p) => {
          const ctx = await operatorCtx(cli, p);
          const { resampleAndStore } = await market();
          const instrument = await findListed(cli, ctx, o);
          const r = await resampleAndStore({
            ctx,
            input: { id: instrument.id, source: o.source, target: o.target, from: o.from, to: o.to },
          });
          out(`${o.symbol}: stored ${r.stored} ${o.target} bars from ${o.source}`);
        }),
    );

  const fetchCmd = program
    .command("fetch")
    .description("fetch market data from a provider (MARKET_PROVIDERS)");
  const fetchAction = (opts: FetchOptions) =>
    cli.withPlatform({}, async (p) => {
      const { fetchCli } = await import("./providers/cli.ts");
      const r = await fetchCli(cli.operatorCtx(p), opts);
      out(r.text);
      if (r.failed) cli.fail("the fetch failed");
    });
  fetchCmd
    .command("bars")
    .description(
      "fetch daily or intraday bars (and splits/dividends) for one instrument, or --backfill all active ones",
    )
    .requiredOption("--provider <id>", "csv, yahoo, stooq, alphavantage or krx")
    .option("--symbol <symbol>", "instrument symbol (with --mic or --country when several listings share it)")
    .option("--mic <mic>", "its venue (ISO 10383), e.g. XNAS or XKRX")
    .option("--country <cc>", "its country (ISO 3166), e.g. US or KR")
    .option("--market <market>", "its market (older codes), e.g. NASDAQ or KOSPI")
    .requiredOption("--from <date>", "first date, YYYY-MM-DD")
    .option("--to <date>", "last date, YYYY-MM-DD (default today)")
    .option("--interval <interval>", "1m, 5m, 15m, 1h, 1d or 1w", "1d")
    .option(
      "--location <path-or-url>",
      "csv provider: file under $BULLPEN_DATA_DIR/imports or an http(s) URL",
    )
    .option("--backfill", "without --symbol: every active instrument", false)
    .option("--json", "print the run as JSON", false)
    .action(fetchAction);
  fetchCmd
    .command("fx")
    .description("fetch USD reference rates (EUR, KRW, JPY, GBP, CHF) from frankfurter")
    .requiredOption("--from <date>", "first date, YYYY-MM-DD")
    .option("--to <date>", "last date, YYYY-MM-DD (default today)")
    .option("--json", "print the run as JSON", false)
    .action((opts: Omit<FetchOptions, "provider">) => fetchAction({ ...opts, provider: "frankfurter" }));
}
