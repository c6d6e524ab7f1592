// Node 24 finds an ES module file's format by reading its package's package.json again for every
// file it loads, and drizzle-orm's is 179 KB with a vast `exports` map: loading drizzle that way
// costs about 0.35 s per process (Node 20 took 0.08 s). Relative imports inside drizzle-orm (a
// `"type": "module"` package with no nested package.json) are resolved here without that lookup.
// Everything else takes Node's own path. Plain JavaScript: it runs before the TypeScript loads.
import { registerHooks } from "node:module";

const DRIZZLE = "/node_modules/drizzle-orm/";

registerHooks?.({
  resolve(specifier, context, nextResolve) {
    const parent = context.parentURL;
    if (parent?.includes(DRIZZLE) && specifier.endsWith(".js") && /^\.\.?\//.test(specifier))
      return { url: new URL(specifier, parent).href, format: "module", shortCircuit: true };
    return nextResolve(specifier, context);
  },
});
