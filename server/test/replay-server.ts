// A small local HTTP server that replays recorded provider responses and records what it was sent,
// so adapters for external APIs are tested over real HTTP without reaching the provider.
import { readFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReplayRoute {
  method: string;
  /** Exact path, or a pattern tested against the path (query string excluded). */
  path: string | RegExp;
  status: number;
  headers?: Record<string, string>;
  /** A JSON value, a string, or `{ file }` to read a recorded body from disk. */
  body: unknown;
  /** Answer this route only this many times (then fall through to later routes); default unlimited. */
  times?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ReplayServer {
  url: string;
  requests: RecordedRequest[];
  /** Replace the routes (e.g. switch from an error to a success). */
  setRoutes(routes: ReplayRoute[]): void;
  close(): Promise<void>;
}

/** Reads a JSON fixture relative to this directory, e.g. `fixture("twilio/message-created.json")`. */
export function fixture(relPath: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${relPath}`, import.meta.url), "utf8"));
}

/** Starts the server on 127.0.0.1 with a free port. Unmatched requests answer 404 `{ error }`. */
export async function startReplayServer(initial: ReplayRoute[]): Promise<ReplayServer> {
  let routes = initial.map((r) => ({ ...r, used: 0 }));
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://replay");
      requests.push({
        method: req.method ?? "GET",
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      const route = routes.find(
        (r) =>
          r.method.toUpperCase() === req.method &&
          (typeof r.path === "string" ? r.path === u.pathname : r.path.test(u.pathname)) &&
          (r.times === undefined || r.used < r.times),
      );
      if (!route) {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: `no replay for ${req.method} ${u.pathname}` }));
        return;
      }
      route.used++;
      const body = route.body as { file?: string } | string;
      const text =
        typeof body === "string"
          ? body
          : body && typeof body === "object" && "file" in body && typeof body.file === "string"
            ? readFileSync(new URL(`./fixtures/${body.file}`, import.meta.url), "utf8")
            : JSON.stringify(route.body);
      res.writeHead(route.status, { "content-type": "application/json; charset=utf-8", ...route.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setRoutes: (r) => {
      routes = r.map((x) => ({ ...x, used: 0 }));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
