// Compression and caching (issue 16): the web build's pre-compressed twins, its cache headers, the
// SPA fallback, and on-the-fly compression of API answers over the threshold.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPlatform, type TestEnv } from "../../test/harness.ts";
import { buildApp } from "../app.ts";
import { COMPRESS_THRESHOLD, IMMUTABLE, REVALIDATE } from "./web-assets.ts";

const js = `export const answer = ${JSON.stringify("x".repeat(4000))};\n`;
const html = `<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div>${" ".repeat(2000)}</body></html>`;

let env: TestEnv;
let app: FastifyInstance;
let root: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "bullpen-web-"));
  mkdirSync(join(root, "assets"));
  const file = join(root, "assets", "index-Ab12Cd34.js");
  writeFileSync(file, js);
  // Distinct markers in each twin prove which file was sent.
  writeFileSync(`${file}.br`, brotliCompressSync(`${js}// br`));
  writeFileSync(`${file}.gz`, gzipSync(`${js}// gz`));
  writeFileSync(join(root, "index.html"), html);
  writeFileSync(join(root, "index.html.br"), brotliCompressSync(html));
  writeFileSync(join(root, "index.html.gz"), gzipSync(html));
  writeFileSync(join(root, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  env = await createTestPlatform();
  app = await buildApp(env.platform, { logger: false, webRoot: root });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await env?.close();
  rmSync(root, { recursive: true, force: true });
});

const get = (url: string, acceptEncoding?: string) =>
  app.inject({ method: "GET", url, headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} });

describe("the web build", () => {
  it("sends a hashed asset's brotli twin to a browser that accepts it, cached for a year", async () => {
    const res = await get("/assets/index-Ab12Cd34.js", "gzip, deflate, br, zstd");
    expect(res.statusCode).toBe(200);
    expect(res.headers["content-encoding"]).toBe("br");
    expect(res.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(res.headers["cache-control"]).toBe(IMMUTABLE);
    expect(res.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(res.rawPayload).toString()).toBe(`${js}// br`);
  });

  it("sends the gzip twin when brotli is not accepted, and the file itself when nothing is", async () => {
    const gz = await get("/assets/index-Ab12Cd34.js", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(gz.rawPayload).toString()).toBe(`${js}// gz`);
    expect(gz.headers["cache-control"]).toBe(IMMUTABLE);

    const plain = await get("/assets/index-Ab12Cd34.js");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body).toBe(js);
    expect(plain.headers["cache-control"]).toBe(IMMUTABLE);
  });

  it("revalidates index.html on every load, at / and at the SPA's own routes", async () => {
    for (const url of ["/", "/instruments/abc", "/login?next=%2Fwatchlists"]) {
      const res = await get(url, "br, gzip");
      expect(res.statusCode, url).toBe(200);
      expect(res.headers["cache-control"], url).toBe(REVALIDATE);
      expect(res.headers["content-encoding"], url).toBe("br");
      expect(brotliDecompressSync(res.rawPayload).toString(), url).toBe(html);
    }
  });

  it("revalidates the other files at the root (favicon), and serves no twin as a route of its own", async () => {
    const icon = await get("/favicon.svg", "br");
    expect(icon.statusCode).toBe(200);
    expect(icon.headers["cache-control"]).toBe(REVALIDATE);
    expect((await get("/assets/index-Ab12Cd34.js.br")).statusCode).toBe(404);
  });
});

describe("API answers", () => {
  it("are compressed on the fly above the threshold, brotli first, then gzip", async () => {
    const br = await get("/openapi.json", "gzip, br");
    expect(br.statusCode).toBe(200);
    expect(br.headers["content-encoding"]).toBe("br");
    const doc = JSON.parse(brotliDecompressSync(br.rawPayload).toString());
    expect(doc.openapi).toBe("3.1.0");
    expect(br.rawPayload.length).toBeLessThan(JSON.stringify(doc).length / 4);

    const gz = await get("/openapi.json", "gzip");
    expect(gz.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString()).openapi).toBe("3.1.0");

    const plain = await get("/openapi.json");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.json().openapi).toBe("3.1.0");
  });

  it("leave small bodies and errors under the threshold uncompressed", async () => {
    const health = await get("/health", "br, gzip");
    expect(health.statusCode).toBe(200);
    expect(health.body.length).toBeLessThan(COMPRESS_THRESHOLD);
    expect(health.headers["content-encoding"]).toBeUndefined();
    const unauthenticated = await get("/api/me", "br, gzip");
    expect(unauthenticated.headers["content-encoding"]).toBeUndefined();
    expect(unauthenticated.headers["cache-control"]).toBe("no-store");
  });
});

describe("/docs", () => {
  it("allows Swagger UI's inline styles, but no inline script and no https upgrade", async () => {
    const res = await get("/docs/");
    expect(res.statusCode).toBe(200);
    const csp = String(res.headers["content-security-policy"]);
    expect(csp).toMatch(/style-src 'self'[^;]* 'unsafe-inline'/);
    expect(csp).toMatch(/script-src 'self'/);
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
  });
});
