// Child process of bench/ingest.ts (and of the market crash test): imports one CSV file into one
// instrument and prints {"seconds", "added", "maxRssMb"} as JSON. A fresh process, so its peak RSS
// is the import's own. Args: <postgres URL | pglite data dir> <instrument id> <file> <interval>
import { createReadStream } from "node:fs";
import { operatorCtxOn } from "../server/src/boot.ts";
import { loadConfig } from "../server/src/config.ts";
import { importBars } from "../server/src/modules/market/index.ts";
import { openDatabase } from "../server/src/platform/db/index.ts";

const [where, instrumentId, file, interval] = process.argv.slice(2) as [string, string, string, "1m"];
const database = await openDatabase(
  where.startsWith("postgres") ? { url: where, dataDir: ":memory:", poolSize: 2 } : { dataDir: where },
);
const rssBeforeMb = process.memoryUsage().rss / 1024 / 1024;
const t = performance.now();
const r = await importBars({
  ctx: operatorCtxOn(database, loadConfig({ NODE_ENV: "test", BULLPEN_DEMO_DATA: "false" }), "bench"),
  input: {
    instrumentId,
    interval,
    body: createReadStream(file, { highWaterMark: 1 << 20 }),
    onProgress: (p) => {
      if (process.send && p.rowsRead > 0) process.send({ rowsRead: p.rowsRead });
    },
  },
});
const seconds = (performance.now() - t) / 1000;
await database.close();
console.log(
  JSON.stringify({
    seconds,
    added: r.added,
    refused: r.refused,
    errors: r.errors.slice(0, 3),
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    rssBeforeMb,
  }),
);
