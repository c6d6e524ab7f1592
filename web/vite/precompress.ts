// Writes a brotli (.br) and a gzip (.gz) twin beside every compressible file of the build, at maximum
// compression, once, at build time; the server sends the best twin the browser accepts
// (server/src/platform/web-assets.ts). Files under 1 KiB are left alone: the headers would cost more.
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import type { Plugin } from "vite";

const br = promisify(brotliCompress);
const gz = promisify(gzip);
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|txt|map|xml|webmanifest)$/i;
export const PRECOMPRESS_MIN_BYTES = 1024;

export async function precompressDir(dir: string): Promise<number> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((e) => e.isFile() && COMPRESSIBLE.test(e.name))
    .map((e) => join(e.parentPath, e.name));
  let written = 0;
  await Promise.all(
    files.map(async (file) => {
      if ((await stat(file)).size < PRECOMPRESS_MIN_BYTES) return;
      const data = await readFile(file);
      const [b, g] = await Promise.all([
        br(data, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
        gz(data, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([writeFile(`${file}.br`, b), writeFile(`${file}.gz`, g)]);
      written++;
    }),
  );
  return written;
}

export function precompress(): Plugin {
  let outDir = "dist";
  return {
    name: "bullpen-precompress",
    apply: "build",
    configResolved(config) {
      outDir = config.build.outDir.startsWith("/")
        ? config.build.outDir
        : join(config.root, config.build.outDir);
    },
    // After every file (the public folder's included) is on disk.
    async closeBundle() {
      const n = await precompressDir(outDir);
      this.info?.(`${n} files pre-compressed (br, gz)`);
    },
  };
}
