// Child process of the market crash test (crash.int.test.ts): imports one CSV file into one
// instrument, reporting progress over IPC, and prints the result as JSON.
// Args: <postgres URL | pglite data dir> <instrument id> <file> <interval>
import "../../audit/index.ts";
import { createReadStream } from "node:fs";
import { operatorCtxOn } from "../../../boot.ts";
import { loadConfig } from "../../../config.ts";
import { openDatabase } from "../../../platform/db/index.ts";
import { importBars } from "../bars/import.ts";

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
