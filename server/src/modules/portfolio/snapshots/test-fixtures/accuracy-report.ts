// `npm run bench -- screenshots`: draws SCREENSHOT_BENCH_SCREENS holdings screens (default 32: both
// layouts, both languages, both themes), reads each with the product's OCR and reader, and writes
// field-level accuracy and timing to bench/results/portfolio-screenshots.md.
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { recognize, stopOcr } from "../ocr.ts";
import { readHoldingsScreen } from "../reader.ts";
import {
  emptyScore,
  type Field,
  LINE_FIELDS,
  rate,
  type ScreenScore,
  scoreScreen,
  TOTAL_FIELDS,
} from "./accuracy.ts";
import { chromiumAvailable, renderPng } from "./render.ts";
import { makeScreen } from "./screens.ts";

const N = Number(process.env.SCREENSHOT_BENCH_SCREENS ?? 32);
const out =
  process.env.SCREENSHOT_BENCH_OUT ??
  join(import.meta.dirname, "../../../../../../bench/results/portfolio-screenshots.md");

if (!chromiumAvailable()) {
  console.log("screenshots: Chromium not found at /usr/bin/chromium (CHROMIUM_PATH); nothing measured");
  process.exit(0);
}

const overall = emptyScore();
const byKind = new Map<string, ScreenScore>();
const ms: number[] = [];
const load0 = loadavg()[0] ?? 0;
for (let seed = 0; seed < N; seed++) {
  const s = makeScreen(seed);
  const png = await renderPng(s.html, s.width, s.height);
  const o = await recognize(png);
  ms.push(o.ms);
  const read = readHoldingsScreen(o.words);
  scoreScreen(s, read, undefined, overall);
  const kind = `${s.app} · ${s.lang} · ${s.theme}`;
  if (!byKind.has(kind)) byKind.set(kind, emptyScore());
  scoreScreen(s, read, undefined, byKind.get(kind));
  process.stdout.write(`${s.id}: ${o.ms} ms\n`);
}
await stopOcr();

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const amounts: Field[] = ["averagePrice", "currentPrice", "value", "pnl", "pnlPct"];
const sorted = [...ms].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
const row = (name: string, s: ScreenScore) =>
  `| ${name} | ${s.linesShown} | ${pct(s.linesFound / s.linesShown)} | ${pct(s.linesExact / s.linesShown)} | ${pct(rate(s, ["name"]))} | ${pct(rate(s, ["instrument"]))} | ${pct(rate(s, ["quantity"]))} | ${pct(rate(s, amounts))} | ${pct(rate(s, TOTAL_FIELDS))} |`;
const md = `# Screenshot import: field-level accuracy of the offline OCR reader

Produced by \`npm run bench -- screenshots\` (\`server/src/modules/portfolio/snapshots/test-fixtures/accuracy-report.ts\`).
${N} holdings screens drawn as HTML by the test fixtures (a Korean mobile app's cards, in Korean or English,
light or dark; a trading system's holdings table with Korean or English headers — the English one a
US-dollar account), captured by headless Chromium at device scale 2, read by tesseract.js 7 (\`kor+eng\`,
LSTM integer models from \`@tesseract.js-data\`) and the layout reader. Every field the screen shows is
compared exactly with the truth it was drawn from; a line missed counts every one of its fields wrong.

- name: the text read equals the name shown (spaces and case ignored); instrument: the name maps to
  the right instrument by the product's similarity and threshold (${"`matching.ts`"}), which absorbs most OCR
  slips in names ("5하이닉스" → SK하이닉스);
- amounts: average price, current price (where shown), value, P&L and P&L %;
- totals: total value, purchase value, cash in KRW and USD, USD/KRW rate (where shown).

Machine: ${cpus().length} × ${cpus()[0]?.model ?? "?"}, load average ${load0.toFixed(2)} at the start (the cores
were shared with other work: timings are upper bounds). Recognition time per screen: median ${q(0.5)} ms,
p90 ${q(0.9)} ms, max ${sorted.at(-1)} ms (worker start-up, about 1 s once per process, not included).

| screens | lines | lines found | lines exact | names | instruments | quantities | amounts | totals |
|---|---|---|---|---|---|---|---|---|
${row("all", overall)}
${[...byKind.entries()]
  .sort()
  .map(([k, s]) => row(k, s))
  .join("\n")}

Per field (all screens):

| field | right / shown | accuracy |
|---|---|---|
${[...LINE_FIELDS, ...TOTAL_FIELDS].map((f) => `| ${f} | ${overall.fields[f].right} / ${overall.fields[f].shown} | ${pct(rate(overall, [f]))} |`).join("\n")}

Lines read that match no line on the screen: ${overall.extraLines}.
`;
writeFileSync(out, md);
console.log(md);
