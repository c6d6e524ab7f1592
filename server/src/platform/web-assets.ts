// How the server sends bytes to browsers: compression of dynamic answers, and the built web app with
// its pre-compressed twins and cache headers (issue 16, "fast and accessible on a phone").
//
// - API answers (JSON, CSV, the OpenAPI document) are compressed on the fly when the client accepts it
//   and the body is over 1 KiB: brotli at quality 4 (about gzip -6's cost, smaller output), else gzip.
//   Already-compressed types (images, archives, fonts) and answers with a content-encoding are left
//   alone, as are tiny bodies where the headers would cost more than they save.
// - The web build (web/dist) carries `.br` and `.gz` files made by `vite build` at maximum
//   compression; @fastify/static picks the best one the client accepts (`vary: accept-encoding`).
// - Files under /assets/ have a content hash in their name: cached for a year, `immutable`. Every
//   other file (index.html, the favicon) is revalidated on each use (`no-cache` with an ETag), so a new
//   build is picked up at the next page load.
import { constants } from "node:zlib";
import compress from "@fastify/compress";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply } from "fastify";

/** Bodies smaller than this go out uncompressed. */
export const COMPRESS_THRESHOLD = 1024;
export const IMMUTABLE = "public, max-age=31536000, immutable";
export const REVALIDATE = "no-cache";

// Types worth compressing; everything else (images, fonts, archives, octet streams) is sent as is.
const COMPRESSIBLE =
  /^(?:text\/(?!event-stream)|application\/(?:json|[\w.+-]+\+json|javascript|xml|[\w.+-]+\+xml)|image\/svg\+xml)/i;

/** On-the-fly compression of every route registered after it. Register it before the routes. */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    threshold: COMPRESS_THRESHOLD,
    encodings: ["br", "gzip"],
    customTypes: COMPRESSIBLE,
    brotliOptions: { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
    zlibOptions: { level: 6 },
  });
}

const isHashedAsset = (file: string) => /[\\/]assets[\\/][^\\/]+$/.test(file);

/** Cache headers for a file of the web build (`file` is the path on disk, maybe a .br/.gz twin). */
export function setWebCacheHeaders(reply: FastifyReply, file: string): void {
  reply.header("cache-control", isHashedAsset(file) ? IMMUTABLE : REVALIDATE);
}

/** Serves the built web app at `/` with its pre-compressed twins and cache headers. */
export async function serveWebBuild(app: FastifyInstance, root: string): Promise<void> {
  await app.register(fastifyStatic, {
    root,
    wildcard: false,
    index: ["index.html"],
    preCompressed: true,
    // The twins are found through the originals; they are not routes of their own.
    globIgnore: ["**/*.br", "**/*.gz"],
    cacheControl: false,
    setHeaders: setWebCacheHeaders,
  });
}

/** The /docs page's CSP: Swagger UI's own, with inline styles allowed and no https upgrade. */
export function docsCsp(header: string): string {
  return header
    .replace(/style-src ([^;]*)/, (_m, sources: string) => {
      const list = sources.split(/\s+/).filter((x) => x && x !== "https:" && x !== "'unsafe-inline'");
      return `style-src ${[...list, "'unsafe-inline'"].join(" ")}`;
    })
    .replace(/\s*upgrade-insecure-requests;?/, "")
    .trim();
}
