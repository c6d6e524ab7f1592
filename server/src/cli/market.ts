// `bullpen instruments …`, `bullpen import bars …`, `bullpen resample …`: the market module's verbs
// at the console (the operator acts as the local process: shared-data writes are allowed).
import { createReadStream, statSync } from "node:fs";
import { type Command, Option } from "commander";
import {
  createInstrument,
  findInstrumentBySymbol,
  type ImportProgress,
  INTERVALS,
  type InstrumentOut,
  type Interval,
  importBars,
  resampleAndStore,
  searchInstruments,
  seedConfiguredInstruments,
} from "../modules/market/index.ts";
import { cliCtx as baseCtx, CliError, type CliPlatform, withPlatform } from "./context.ts";

/** The operator's ctx, after applying the configured instrument list (as every server start does). */
async function cliCtx(p: CliPlatform) {
  const ctx = baseCtx(p);
  await seedConfiguredInstruments(ctx);
  return ctx;
}

const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function table(rows: InstrumentOut[]): string {
  if (rows.length === 0) return "(no instruments)";
  return rows
    .map((i) =>
      [
        i.symbol.padEnd(8),
        i.market.padEnd(7),
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

export function registerMarketCommands(program: Command): void {
  const ins = program
    .command("instruments")
    .description("the instrument master (symbols, names, identifiers)");
  ins
    .command("add")
    .description("add an instrument; ISIN/CUSIP/SEDOL are checked by their check digits")
    .requiredOption("--symbol <symbol>", "ticker, or a 6-digit code for Korean markets")
    .requiredOption("--market <market>", "US, KR, NYSE, NASDAQ, KRX, KOSPI, KOSDAQ, FX, CRYPTO …")
    .requiredOption("--name <name>", "display name")
    .option("--name-local <name>", "local (e.g. Korean) name")
    .option("--asset-class <class>", "equity, etf, bond, option, future, index, fx, crypto, fund", "equity")
    .option("--currency <ccy>", "trading currency", "USD")
    .option("--exchange <code>", "listing exchange")
    .option("--isin <isin>", "ISIN")
    .option("--cusip <cusip>", "CUSIP")
    .option("--sedol <sedol>", "SEDOL")
    .option("--base <ccy>", "forex base currency")
    .option("--quote <ccy>", "forex quote currency")
    .option("--pip <value>", "forex pip value")
    .action((o: Record<string, string | undefined>) =>
      withPlatform({}, async (p) => {
        const i = await createInstrument({
          ctx: await cliCtx(p),
          input: {
            symbol: o.symbol as string,
            market: o.market as "US",
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
        out(`added ${i.symbol} (${i.market}) id ${i.id}`);
      }),
    );
  ins
    .command("list")
    .description("list active instruments")
    .option("--market <market>", "only this market")
    .option("--all", "include inactive ones", false)
    .option("--json", "print JSON", false)
    .action((o: { market?: string; all: boolean; json: boolean }) =>
      withPlatform({}, async (p) => {
        const rows = await searchInstruments({
          ctx: await cliCtx(p),
          input: { market: o.market, includeInactive: o.all, limit: 500 },
        });
        out(o.json ? JSON.stringify(rows, null, 2) : table(rows));
      }),
    );
  ins
    .command("search <query>")
    .description("typo-tolerant search by symbol, name, Korean name or ISIN")
    .option("--json", "print JSON", false)
    .action((query: string, o: { json: boolean }) =>
      withPlatform({}, async (p) => {
        const rows = await searchInstruments({ ctx: await cliCtx(p), input: { q: query, limit: 20 } });
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
    .requiredOption("--market <market>", "instrument market")
    .addOption(new Option("--interval <interval>", "bar interval").choices([...INTERVALS]).default("1d"))
    .option("--source <name>", "source label stored with the bars", "import")
    .option("--timezone <zone>", "IANA zone of timestamps without an offset (default: the exchange's)")
    .option("--json", "print the result as JSON", false)
    .action(
      (
        file: string | undefined,
        o: {
          symbol: string;
          market: string;
          interval: Interval;
          source: string;
          timezone?: string;
          json: boolean;
        },
      ) =>
        withPlatform({}, async (p) => {
          const ctx = await cliCtx(p);
          const instrument = await findInstrumentBySymbol({
            ctx,
            input: { symbol: o.symbol, market: o.market },
          });
          if (!instrument)
            throw new CliError(
              `no instrument ${o.symbol} on ${o.market} (add it with: bullpen instruments add)`,
            );
          const fromStdin = !file || file === "-";
          let size: number | null = null;
          if (!fromStdin) {
            try {
              size = statSync(file).size;
            } catch {
              throw new CliError(`cannot read ${file}`);
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
            },
            body: fromStdin ? process.stdin : createReadStream(file, { highWaterMark: 1 << 20 }),
            onProgress: (x) => bar.update(x),
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
          if (r.refused)
            throw new CliError("import refused: nothing was stored (fix the rows above and run it again)");
        }),
    );

  program
    .command("resample")
    .description(
      "aggregate stored bars into a coarser interval and store them (first open, max high, min low, last close, summed volume)",
    )
    .requiredOption("--symbol <symbol>", "instrument symbol")
    .requiredOption("--market <market>", "instrument market")
    .addOption(
      new Option("--source <interval>", "stored interval to read").choices([...INTERVALS]).default("1m"),
    )
    .addOption(
      new Option("--target <interval>", "interval to build").choices([...INTERVALS]).makeOptionMandatory(),
    )
    .option("--from <date>", "first date (inclusive)")
    .option("--to <date>", "end (exclusive)")
    .action(
      (o: {
        symbol: string;
        market: string;
        source: Interval;
        target: Interval;
        from?: string;
        to?: string;
      }) =>
        withPlatform({}, async (p) => {
          const ctx = await cliCtx(p);
          const instrument = await findInstrumentBySymbol({
            ctx,
            input: { symbol: o.symbol, market: o.market },
          });
          if (!instrument) throw new CliError(`no instrument ${o.symbol} on ${o.market}`);
          const r = await resampleAndStore({
            ctx,
            input: { id: instrument.id, source: o.source, target: o.target, from: o.from, to: o.to },
          });
          out(`${o.symbol}: stored ${r.stored} ${o.target} bars from ${o.source}`);
        }),
    );
}
