// `npm run oracles -w quant`: checks every value in an oracle directory.
// BULLPEN_ORACLES and BULLPEN_ORACLE_INPUTS choose the directories; the defaults are the repo's fixtures.
import { resolve } from "node:path";
import { runOracles } from "../oracles/run.ts";

const here = import.meta.dirname;
const oracles = resolve(process.env.BULLPEN_ORACLES ?? `${here}/../test/fixtures/oracles`);
const inputs = resolve(process.env.BULLPEN_ORACLE_INPUTS ?? `${here}/../test/fixtures/inputs`);

const results = runOracles(oracles, inputs);
let failed = 0;
for (const r of results) {
  if (!r.ok) failed++;
  const err = Number.isNaN(r.maxError) ? "—" : r.maxError.toExponential(2);
  console.log(
    `${r.ok ? "ok  " : "FAIL"} ${r.file.padEnd(48)} ${r.name.padEnd(34)} max|err| ${err.padStart(9)} n=${r.cells}${r.message ? `  ${r.message}` : ""}`,
  );
}
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
