// The stats oracle checker must fail on wrong values and on files it cannot check.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkStatsDataset } from "../oracles/stats.ts";

const fixtures = resolve(import.meta.dirname, "fixtures");
const tmp = mkdtempSync(join(tmpdir(), "stats-oracle-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const resolveInput = (name: string) => join(fixtures, "inputs", name);

function run(mutate: (dir: string) => void) {
  const dir = join(tmp, `case${Math.random().toString(36).slice(2)}`, "stats", "AAPL");
  cpSync(join(fixtures, "oracles/stats/AAPL"), dir, { recursive: true });
  mutate(dir);
  return checkStatsDataset(dir, resolveInput, (p) => relative(join(dir, "../.."), p));
}

describe("checkStatsDataset", () => {
  it("passes the untouched fixtures, one result per function and file", () => {
    const res = run(() => {});
    expect(res.every((r) => r.ok)).toBe(true);
    const files = new Set(res.map((r) => r.file));
    expect(files.size).toBe(11);
  });
  it("fails a tampered value", () => {
    const res = run((dir) => {
      const p = join(dir, "acf_20.csv");
      writeFileSync(p, readFileSync(p, "utf8").replace("0.034241023397192261", "0.034241033397192261"));
    });
    const acfRes = res.find((r) => r.file.endsWith("acf_20.csv"));
    expect(acfRes?.ok).toBe(false);
    expect(res.filter((r) => !r.ok)).toHaveLength(1);
  });
  it("reports an unknown CSV as having no implementation, and an unknown ADF field", () => {
    const res = run((dir) => {
      writeFileSync(join(dir, "mystery_5.csv"), "lag,value\n0,1\n");
      const p = join(dir, "adfuller_close.csv");
      writeFileSync(p, `${readFileSync(p, "utf8")}bogus,1\n`);
    });
    expect(res.find((r) => r.file.endsWith("mystery_5.csv"))?.message).toBe(
      "no implementation for this oracle file",
    );
    expect(res.find((r) => r.name === "adfTest bogus")?.ok).toBe(false);
  });
  it("derives lags and windows from the file name (acf with fewer lags)", () => {
    const res = run((dir) => {
      const rows = readFileSync(join(dir, "acf_20.csv"), "utf8").trim().split("\n").slice(0, 6);
      writeFileSync(join(dir, "acf_5.csv"), `${rows.join("\n")}\n`);
    });
    expect(res.find((r) => r.file.endsWith("acf_5.csv"))?.ok).toBe(true);
  });
});
