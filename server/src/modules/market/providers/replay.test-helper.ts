// A local HTTP server that replays recorded provider responses, so adapter tests exercise the real
// fetch-based client code (timeouts, headers, retries) without the internet.
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface ReplayRoute {
  method?: "GET" | "POST";
  path: string;
  /** Every listed query (GET) or form (POST) parameter must match. */
  params?: Record<string, string>;
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** A file under providers/fixtures/, or an inline body. */
  fixture?: string;
  body?: string;
  /** Answer this route only this many times, then fall through to later routes. */
  times?: number;
  /** Delay before answering (to test timeouts). */
  delayMs?: number;
}

export interface Recorded {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}

const FIXTURES = new URL("./fixtures/", import.meta.url);

export const fixture = (name: string): string => readFileSync(new URL(name, FIXTURES), "utf8");

export interface Replay {
  url: string;
  requests: Recorded[];
  routes: ReplayRoute[];
  close(): Promise<void>;
}

/** Starts the replay server on an ephemeral port; unmatched requests answer 599 with the reason. */
export async function startReplay(routes: ReplayRoute[]): Promise<Replay> {
  const requests: Recorded[] = [];
  const used = new Map<ReplayRoute, number>();
  const state: Replay = { url: "", requests, routes, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "GET", url: req.url ?? "", headers: req.headers, body });
      const u = new URL(req.url ?? "/", "http://replay");
      const params = req.method === "POST" ? new URLSearchParams(body) : u.searchParams;
      const route = state.routes.find((r) => {
        if ((r.method ?? "GET") !== req.method || r.path !== u.pathname) return false;
        if (r.times !== undefined && (used.get(r) ?? 0) >= r.times) return false;
        return Object.entries(r.params ?? {}).every(([k, v]) => params.get(k) === v);
      });
      if (!route) {
        res.writeHead(599, { "content-type": "text/plain" });
        res.end(`replay: no route for ${req.method} ${req.url}`);
        return;
      }
      used.set(route, (used.get(route) ?? 0) + 1);
      const send = () => {
        const text = route.fixture ? fixture(route.fixture) : (route.body ?? "");
        res.writeHead(route.status ?? 200, {
          "content-type":
            route.contentType ??
            (route.fixture?.endsWith(".csv") ? "text/csv" : "application/json;charset=utf-8"),
          ...route.headers,
        });
        res.end(text);
      };
      if (route.delayMs) setTimeout(send, route.delayMs);
      else send();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return state;
}
