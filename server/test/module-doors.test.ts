// The door check (npm run lint) on small trees: it must pass a clean one and name each kind of breach.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const script = fileURLToPath(new URL("../../scripts/check-module-doors.ts", import.meta.url));
let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  dir = mkdtempSync(join(tmpdir(), "doors-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
const check = (root: string) => spawnSync(process.execPath, [script, root], { encoding: "utf8" });

const base = {
  "server/src/modules/a/index.ts": 'export { x } from "./service.ts";\n',
  "server/src/modules/a/service.ts": "export const x = 1;\n",
  "server/src/modules/a/manifest.ts": "export const m = 1;\n",
  "server/src/modules.ts": 'import { m } from "./modules/a/manifest.ts";\n',
  "server/src/platform/db.ts": "export const db = 1;\n",
};

describe("module door check", () => {
  it("passes imports through index.ts, and the module list reading manifests", () => {
    const r = check(
      tree({
        ...base,
        "server/src/modules/b/service.ts": 'import { x } from "../a/index.ts";\n',
        "server/src/cli/main.ts": 'const a = await import("../modules/a/index.ts");\n',
        "bench/x.ts": 'import { x } from "../server/src/modules/a/index.ts";\n',
      }),
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it.each([
    [
      "a module reaching into another",
      "server/src/modules/b/service.ts",
      'import { x } from "../a/service.ts";\n',
    ],
    [
      "the CLI reaching into a module",
      "server/src/cli/main.ts",
      'import { x } from "../modules/a/service.ts";\n',
    ],
    [
      "a benchmark reaching into a module",
      "bench/x.ts",
      'import { x } from "../server/src/modules/a/service.ts";\n',
    ],
    ["a test reading a manifest", "server/test/t.ts", 'import { m } from "../src/modules/a/manifest.ts";\n'],
    [
      "the platform importing a module",
      "server/src/platform/y.ts",
      'import { x } from "../modules/a/index.ts";\n',
    ],
  ])("refuses %s", (_what, path, text) => {
    const r = check(tree({ ...base, [path]: text }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(path);
  });
});
