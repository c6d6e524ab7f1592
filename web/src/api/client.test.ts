// The typed client against a real HTTP server on a local port: what it sends (CSRF header on writes
// only, encoded path parameters, query strings) and how answers become data or ApiError.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importBarsCsv } from "../features/market/importBars.ts";
import { type ApiClient, ApiError, createApiClient, unwrap } from "./client.ts";

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

let server: Server;
let base = "";
let client: ApiClient;
const seen: Seen[] = [];
/** What the server answers next, by path (without the query string). */
const answers = new Map<string, (res: ServerResponse) => void>();

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };

beforeAll(async () => {
  server = createServer((req, res) => {
    // jsdom's XMLHttpRequest is a browser's: a cross-origin upload with custom headers is preflighted.
    res.setHeader("access-control-allow-origin", req.headers.origin ?? "*");
    res.setHeader("access-control-allow-credentials", "true");
    if (req.method === "OPTIONS") {
      res.writeHead(204, {
        "access-control-allow-methods": "GET, POST, PATCH, DELETE",
        "access-control-allow-headers": "content-type, accept, x-csrf-token",
      });
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = req.url ?? "";
      seen.push({
        method: req.method ?? "",
        url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const answer = answers.get(url.split("?")[0] ?? "");
      if (answer) answer(res);
      else json(404, { code: "not_found", message: "Not found", requestId: "r-404" })(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = createApiClient(base);
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Sets (or with "" expires) the CSRF cookie as the server's Set-Cookie would. */
function csrfCookie(value: string) {
  const expiry = value ? "" : "; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  // biome-ignore lint/suspicious/noDocumentCookie: the test stands in for the server's Set-Cookie
  document.cookie = `bullpen_csrf=${value}${expiry}`;
}

beforeEach(() => {
  seen.length = 0;
  answers.clear();
  csrfCookie("");
});

async function apiError(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("api client", () => {
  it("returns the JSON body of a 2xx answer, with path parameters encoded and the query serialized", async () => {
    answers.set("/api/instruments/a%2Fb%20c/bars", json(200, { bars: [], nextCursor: null }));
    const data = await unwrap(
      client.GET("/api/instruments/{id}/bars", {
        params: { path: { id: "a/b c" }, query: { interval: "1d", adjusted: "false", limit: 5 } },
      }),
    );
    expect(data).toEqual({ bars: [], nextCursor: null });
    expect(seen[0]?.url).toBe("/api/instruments/a%2Fb%20c/bars?interval=1d&adjusted=false&limit=5");
    expect(seen[0]?.headers.accept).toBe("application/json");
  });

  it("sends the CSRF cookie's value as x-csrf-token on writes and not on reads", async () => {
    csrfCookie("tok%2Fen-1");
    answers.set("/api/me/password", (res) => {
      res.writeHead(204);
      res.end();
    });
    answers.set("/api/me/sessions", json(200, { sessions: [] }));
    const none = await unwrap(
      client.POST("/api/me/password", {
        body: { currentPassword: "old password", newPassword: "new password" },
      }),
    );
    await unwrap(client.GET("/api/me/sessions"));
    expect(none).toBeUndefined();
    expect(seen[0]?.headers["x-csrf-token"]).toBe("tok/en-1");
    expect(seen[0]?.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen[0]?.body ?? "")).toEqual({
      currentPassword: "old password",
      newPassword: "new password",
    });
    expect(seen[1]?.headers["x-csrf-token"]).toBeUndefined();
  });

  it("turns the server's { code, message, requestId } into ApiError", async () => {
    answers.set(
      "/api/auth/login",
      json(401, { code: "invalid_credentials", message: "Wrong username or password", requestId: "req-7" }),
    );
    const err = await apiError(
      unwrap(client.POST("/api/auth/login", { body: { login: "a", password: "b" } })),
    );
    expect(err).toMatchObject({
      status: 401,
      code: "invalid_credentials",
      message: "Wrong username or password",
      requestId: "req-7",
      retryAfter: undefined,
    });
  });

  it("keeps Retry-After (seconds) of a rate-limited answer", async () => {
    answers.set(
      "/api/auth/login",
      json(
        429,
        { code: "rate_limited", message: "Too many attempts", requestId: "r" },
        { "retry-after": "42" },
      ),
    );
    const err = await apiError(
      unwrap(client.POST("/api/auth/login", { body: { login: "a", password: "b" } })),
    );
    expect(err.code).toBe("rate_limited");
    expect(err.retryAfter).toBe(42);
  });

  it("derives the code from the status when the error body is not ours", async () => {
    answers.set("/api/me", (res) => {
      res.writeHead(502, "Bad Gateway", { "content-type": "text/html" });
      res.end("<html>proxy error</html>");
    });
    answers.set("/api/me/sessions", (res) => {
      res.writeHead(403, "Forbidden");
      res.end();
    });
    const bad = await apiError(unwrap(client.GET("/api/me")));
    expect(bad).toMatchObject({
      status: 502,
      code: "internal",
      message: "Bad Gateway",
      requestId: undefined,
    });
    const forbidden = await apiError(unwrap(client.GET("/api/me/sessions")));
    expect(forbidden).toMatchObject({ status: 403, code: "forbidden", message: "Forbidden" });
  });

  it("answers a network failure with code network (status 0)", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await apiError(unwrap(createApiClient(`http://127.0.0.1:${port}`).GET("/api/me")));
    expect(err.status).toBe(0);
    expect(err.code).toBe("network");
  });
});

describe("CSV bar import (XMLHttpRequest)", () => {
  const csv = () => new Blob(["date,open,high,low,close,volume\n2024-01-02,1,2,0.5,1.5,100\n"]);
  const report = {
    instrumentId: "i1",
    interval: "1d",
    rowsRead: 1,
    added: 1,
    skippedDuplicates: 0,
    rejected: 0,
    refused: false,
    errors: [],
    errorsTruncated: false,
    elapsedMs: 3,
  };

  it("uploads the file with the CSRF header and resolves with the report, progress ending at 1", async () => {
    csrfCookie("csv-token");
    answers.set("/api/instruments/i1/bars/import", json(200, report));
    const progress: number[] = [];
    const result = await importBarsCsv("i1", csv(), "1d", (f) => progress.push(f), base);
    expect(result).toEqual(report);
    expect(progress.at(-1)).toBe(1);
    const post = seen.find((s) => s.method === "POST");
    expect(post?.url).toBe("/api/instruments/i1/bars/import?interval=1d");
    expect(post?.headers["x-csrf-token"]).toBe("csv-token");
    expect(post?.headers["content-type"]).toBe("text/csv");
    expect(post?.body).toContain("2024-01-02,1,2,0.5,1.5,100");
  });

  it("resolves with the report of a refused file (422 with row errors)", async () => {
    const refused = { ...report, added: 0, refused: true, errors: [{ row: 2, message: "high < low" }] };
    answers.set("/api/instruments/i1/bars/import", json(422, refused));
    await expect(importBarsCsv("i1", csv(), "1d", () => {}, base)).resolves.toEqual(refused);
  });

  it("rejects with ApiError for other answers", async () => {
    answers.set(
      "/api/instruments/i1/bars/import",
      json(403, { code: "forbidden", message: "Administrators only", requestId: "r-9" }),
    );
    const err = await apiError(importBarsCsv("i1", csv(), "1d", () => {}, base));
    expect(err).toMatchObject({
      status: 403,
      code: "forbidden",
      message: "Administrators only",
      requestId: "r-9",
    });
  });
});
