// Every relative link in the README and docs/ points at a file that exists, and every #anchor at a
// heading of that file (GitHub's slugs), so a newcomer never lands on a dead link.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const docs = ["README.md", "quant/README.md", "web/README.md", "bench/RESULTS.md"]
  .map((f) => join(root, f))
  .concat(markdownUnder(join(root, "docs")));

function markdownUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? markdownUnder(join(dir, e.name)) : e.name.endsWith(".md") ? [join(dir, e.name)] : [],
  );
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");
}

const anchorsOf = (file: string) =>
  new Set(
    readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => slug(l.replace(/^#+ /, ""))),
  );

describe("documentation links", () => {
  it("slugs headings as GitHub does", () => {
    expect(slug("OpenID Connect sign-in")).toBe("openid-connect-sign-in");
    expect(slug("Fundamentals, macro and regimes")).toBe("fundamentals-macro-and-regimes");
    expect(slug("`bullpen import bars`")).toBe("bullpen-import-bars");
  });

  it.each(docs.filter(existsSync).map((f) => [relative(root, f), f]))("%s", (_name, file) => {
    const text = readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
    const broken: string[] = [];
    for (const m of text.matchAll(/\[[^\]]*\]\(([^)\s]+)\)/g)) {
      const target = m[1];
      if (/^[a-z]+:/i.test(target) || target.startsWith("/")) continue; // URLs and site paths
      const [path, anchor] = target.split("#");
      const resolved = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
      if (!existsSync(resolved)) {
        broken.push(`${target}: no such file`);
        continue;
      }
      if (
        anchor &&
        statSync(resolved).isFile() &&
        resolved.endsWith(".md") &&
        !anchorsOf(resolved).has(anchor)
      )
        broken.push(`${target}: no heading #${anchor}`);
    }
    expect(broken).toEqual([]);
  });
});
