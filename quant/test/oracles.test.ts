import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { runOracles } from "../oracles/run.ts";

const fixtures = resolve(import.meta.dirname, "fixtures");
const results = runOracles(`${fixtures}/oracles`, `${fixtures}/inputs`);

describe("oracle suite on the repo's fixtures", () => {
  it("covers every oracle file", () => {
    expect(results.length).toBeGreaterThan(40);
  });
  for (const r of results) {
    it(`${r.file} ${r.name}`, () => {
      expect(r.message ?? "", `max error ${r.maxError}`).not.toMatch(/not implemented|no implementation/);
      expect(r.ok, r.message).toBe(true);
    });
  }
});
