// The JavaScript budget of the first page (issue 16): what a phone downloads before the page can
// render — the entry chunk, the route's lazy chunks, and every chunk they import statically — measured
// brotli-compressed (quality 11), as the server sends it to every browser the app supports (each file
// compressed on its own, as it travels). Gzip and raw sizes are printed too. Chunks fetched after the
// first render (the header's menus, toasts, Korean strings) are not counted. The build fails above a
// page's budget.
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { Plugin, Rollup } from "vite";

type OutputBundle = Rollup.OutputBundle;
type OutputChunk = Rollup.OutputChunk;

/** 150 KB (decimal kilobytes), brotli: the sign-in page, the first page anyone opens. */
export const BUDGET_BYTES = 150_000;

/**
 * The first pages, the modules their routes load on demand (matched by the end of the path), and
 * their budgets. Home's first page is the signed-in shell (AppLayout) and the greeting (HomePage); its
 * dashboard (the cards, the first-run guide) is a chunk fetched alongside "/api/home"
 * (features/home/HomeDashboard.tsx).
 */
export const FIRST_PAGES: Record<string, { modules: string[]; budget: number }> = {
  "/login": { modules: ["src/features/auth/LoginPage.tsx"], budget: BUDGET_BYTES },
  "/ (home)": {
    modules: ["src/layout/AppLayout.tsx", "src/features/home/HomePage.tsx"],
    budget: BUDGET_BYTES,
  },
};

export interface PageWeight {
  page: string;
  budget: number;
  files: string[];
  raw: number;
  gzip: number;
  brotli: number;
}

const gzipSize = (code: string) => gzipSync(code, { level: 9 }).length;
const brotliSize = (code: string) =>
  brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** The JavaScript each first page loads: entry + route chunks + their static imports. */
export function firstPageWeights(bundle: OutputBundle): PageWeight[] {
  const chunks = Object.values(bundle).filter((c): c is OutputChunk => c.type === "chunk");
  const byName = new Map(chunks.map((c) => [c.fileName, c]));
  const entry = chunks.find((c) => c.isEntry);
  if (!entry) throw new Error("the build has no entry chunk");
  const closure = (roots: OutputChunk[]) => {
    const seen = new Set<string>();
    const walk = (c: OutputChunk) => {
      if (seen.has(c.fileName)) return;
      seen.add(c.fileName);
      for (const imp of c.imports) {
        const next = byName.get(imp);
        if (next) walk(next);
      }
    };
    for (const r of roots) walk(r);
    return [...seen];
  };
  return Object.entries(FIRST_PAGES).map(([page, { modules, budget }]) => {
    const routeChunks = modules.map((m) => {
      const found = chunks.find(
        (c) => c.facadeModuleId?.endsWith(m) || Object.keys(c.modules).some((id) => id.endsWith(m)),
      );
      if (!found) throw new Error(`no chunk holds ${m}: update FIRST_PAGES in web/vite/budget.ts`);
      return found;
    });
    const files = closure([entry, ...routeChunks]);
    const code = files.map((f) => byName.get(f)!.code);
    return {
      page,
      budget,
      files,
      raw: code.reduce((n, c) => n + Buffer.byteLength(c), 0),
      gzip: code.reduce((n, c) => n + gzipSize(c), 0),
      brotli: code.reduce((n, c) => n + brotliSize(c), 0),
    };
  });
}

/** BULLPEN_BUNDLE_REPORT=1: the biggest modules (rendered, before compression) of each first page. */
function printModules(bundle: OutputBundle, weights: PageWeight[]) {
  for (const w of weights) {
    const sizes = new Map<string, number>();
    for (const f of w.files) {
      const chunk = bundle[f] as OutputChunk;
      for (const [id, m] of Object.entries(chunk.modules)) {
        const key = id.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, "$1").replace(/^.*\/web\//, "");
        sizes.set(key, (sizes.get(key) ?? 0) + m.renderedLength);
      }
    }
    console.log(`\n${w.page}: files`);
    for (const f of w.files) {
      const code = (bundle[f] as OutputChunk).code;
      console.log(
        `  ${kb(gzipSize(code)).padStart(10)} gzip ${kb(Buffer.byteLength(code)).padStart(10)} min  ${f}`,
      );
      if (process.env.BULLPEN_BUNDLE_REPORT === "2") {
        const mods = Object.entries((bundle[f] as OutputChunk).modules).sort(
          (a, b) => b[1].renderedLength - a[1].renderedLength,
        );
        for (const [id, m] of mods.slice(0, 30))
          console.log(
            `        ${String(m.renderedLength).padStart(8)} ${id.replace(/^.*node_modules\//, "")}`,
          );
      }
    }
    console.log(`\n${w.page}: biggest modules (raw bytes)`);
    for (const [k, n] of [...sizes].sort((a, b) => b[1] - a[1]).slice(0, 25))
      console.log(`  ${String(n).padStart(8)}  ${k}`);
  }
}

const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`;

export function bundleBudget(): Plugin {
  return {
    name: "bullpen-bundle-budget",
    apply: "build",
    generateBundle(_options, bundle) {
      const weights = firstPageWeights(bundle);
      for (const w of weights) {
        console.log(
          `first-page JavaScript ${w.page}: ${kb(w.brotli)} brotli (budget ${kb(w.budget)}), ` +
            `${kb(w.gzip)} gzip, ${kb(w.raw)} minified, ${w.files.length} files`,
        );
      }
      if (process.env.BULLPEN_BUNDLE_REPORT) printModules(bundle, weights);
      const over = process.env.BULLPEN_BUNDLE_REPORT ? [] : weights.filter((w) => w.brotli > w.budget);
      if (over.length > 0) {
        this.error(
          `first-page JavaScript over budget: ${over.map((w) => `${w.page} ${kb(w.brotli)} brotli > ${kb(w.budget)}`).join(", ")} ` +
            "(web/vite/budget.ts). Load the new code on demand (React.lazy) instead. " +
            "BULLPEN_BUNDLE_REPORT=1 (or 2) npm run build lists what each page loads.",
        );
      }
    },
  };
}
