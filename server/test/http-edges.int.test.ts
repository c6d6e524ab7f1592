// What a client meets at the edges of HTTP, over a real socket (the parser limits exist only there):
// a method a path does not take answers 405 with Allow, for every path of the OpenAPI document; a
// 20,000-character URL answers 431 with the standard error body; a path climbing out of /docs with
// `..` answers 404; /metrics needs its token. Every answer has the one error body.
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createTestApp } from "./harness.ts";
import { walkOperations } from "./openapi.ts";

const METRICS_TOKEN = "metrics-token-for-the-test-0123456789";
const env = await createTestApp({ env: { RATE_LIMIT_ENABLED: "false", METRICS_TOKEN } });
const bare = await createTestApp({ env: { RATE_LIMIT_ENABLED: "false" } });
afterAll(async () => {
  await env.close();
  await bare.close();
});

async function listen(app: typeof env.app): Promise<number> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  return (app.server.address() as AddressInfo).port;
}
const port = await listen(env.app);
const barePort = await listen(bare.app);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
/** One request on its own connection, the path sent exactly as given. */
function send(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  at = port,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: at, method, path, headers, agent: false }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => {
        body += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

function expectErrorBody(a: Answer, status: number, code: string) {
  expect(`${a.status} ${a.body}`.slice(0, 300)).toMatch(new RegExp(`^${status} `));
  expect(a.headers["content-type"]).toMatch(/^application\/json/);
  expect(JSON.parse(a.body)).toEqual({
    code,
    message: expect.any(String),
    requestId: a.headers["x-request-id"],
  });
}

describe("methods a path does not take", () => {
  it("answer 405 with Allow naming exactly the documented methods, for every path of the document", async () => {
    const ops = await walkOperations(env.app);
    const templates = new Map<string, { re: RegExp; methods: Set<string> }>();
    for (const o of ops) {
      const t = templates.get(o.path) ?? {
        re: new RegExp(`^${o.path.replace(/\{[^}]+\}/g, "[^/]+")}$`),
        methods: new Set<string>(),
      };
      t.methods.add(o.method);
      if (o.method === "GET") t.methods.add("HEAD");
      templates.set(o.path, t);
    }
    expect(templates.size).toBeGreaterThanOrEqual(50);
    for (const path of templates.keys()) {
      const url = path.replace(/\{[^}]+\}/g, "0b7e8e5e-9c1a-4f3e-8a4d-2f1b6c7d8e9f");
      // what the document says this URL takes, over every template it matches
      const documented = new Set<string>();
      for (const other of templates.values())
        if (other.re.test(url)) for (const m of other.methods) documented.add(m);
      const method = ["PUT", "PATCH", "DELETE", "POST", "GET"].find((m) => !documented.has(m));
      if (!method) continue;
      const a = await send(method, url);
      expectErrorBody(a, 405, "method_not_allowed");
      expect(`${method} ${path}: ${a.headers.allow}`).toBe(
        `${method} ${path}: ${[...documented].sort().join(", ")}`,
      );
    }
  });

  it("TRACE and unknown paths: 405 where the path exists, 404 where it does not", async () => {
    const trace = await send("TRACE", "/api/watchlists");
    expectErrorBody(trace, 405, "method_not_allowed");
    expect(trace.headers.allow).toBe("GET, HEAD, POST");
    expectErrorBody(await send("DELETE", "/health"), 405, "method_not_allowed");
    expectErrorBody(await send("PUT", "/api/no-such-thing"), 404, "not_found");
  });
});

describe("oversized and crafted requests", () => {
  it("a 20,000-character URL answers 431 with the standard error body", async () => {
    const a = await send("GET", `/api/instruments?q=${"a".repeat(20_000)}`);
    expectErrorBody(a, 431, "headers_too_large");
    expect(a.headers["cache-control"]).toBe("no-store");
  });

  it("a path climbing out of /docs with .. answers 404, however it is spelt", async () => {
    for (const path of [
      "/docs/static/../",
      "/docs/static/../../package.json",
      "/docs/static/%2e%2e/",
      "/docs/static/..%2f..%2fpackage.json",
      "/docs/..\\..\\package.json",
    ])
      expectErrorBody(await send("GET", path), 404, "not_found");
    // the documentation itself is still there
    expect((await send("GET", "/docs/static/index.html")).status).toBeLessThan(400);
  });
});

describe("/metrics", () => {
  it("is not served without METRICS_TOKEN", async () => {
    expectErrorBody(await send("GET", "/metrics", {}, barePort), 404, "not_found");
  });

  it("answers only requests carrying the token", async () => {
    const none = await send("GET", "/metrics");
    expectErrorBody(none, 401, "unauthenticated");
    expect(none.headers["www-authenticate"]).toBe('Bearer realm="metrics"');
    expect(none.body).not.toContain("bullpen_");
    expectErrorBody(
      await send("GET", "/metrics", { authorization: `Bearer ${METRICS_TOKEN}x` }),
      401,
      "unauthenticated",
    );
    expectErrorBody(await send("GET", "/metrics", { authorization: METRICS_TOKEN }), 401, "unauthenticated");
    const ok = await send("GET", "/metrics", { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("bullpen_http_request_duration_seconds");
  });
});
