// HTTP benchmarks (issue 2, section 8):
//  1. authenticated GET /api/me throughput as a ratio of a bare Fastify hello-world route (goal >= 0.5);
//  2. cost of request logging (batched api_requests + audit hooks): the same route with the logging
//     plugin on vs off (goal: at most 10 % fewer requests/s).
// Real listening servers on 127.0.0.1, all in this one process, driven by autocannon for a bounded
// time each. Rounds rotate the order so drift on a shared machine hits every configuration alike;
// figures are medians over rounds.
//
// A fourth server, "same bytes", is bare Fastify answering with exactly the headers and body /api/me
// sends: it is the floor set by the size of the response alone, which separates what the platform
// costs (hooks, auth, serialisation, logging) from what the bytes cost.
//
// The load generator runs in this process by default (as in earlier runs, so figures compare);
// `--client process` runs it as a separate process instead, which on 2 cores gives it its own core.
// Run: node bench/http.ts [--duration 5] [--rounds 3] [--connections 10] [--client inproc|process]
//      [--pglite dir|memory]
//      (TEST_DATABASE_URL=postgres://... to measure on a PostgreSQL server instead of embedded PGlite)
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import autocannon from "autocannon";
import Fastify, { type FastifyInstance } from "fastify";
import { createUser, signIn } from "../server/test/factories.ts";
import { createTestApp, usingPostgres } from "../server/test/harness.ts";

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const duration = Number(arg("duration", "5"));
const rounds = Number(arg("rounds", "3"));
const connections = Number(arg("connections", "10"));
const client = arg("client", "inproc");
if (client !== "inproc" && client !== "process") throw new Error("--client is inproc or process");

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const a = app.server.address();
  if (!a || typeof a === "string") throw new Error("no address");
  return `http://127.0.0.1:${a.port}`;
}

interface Load {
  rps: number;
  p99: number;
  errors: number;
  non2xx: number;
}
const cli = fileURLToPath(new URL("../node_modules/autocannon/autocannon.js", import.meta.url));
async function load(url: string, headers: Record<string, string> = {}): Promise<Load> {
  if (client === "process") {
    const args = [cli, "--json", "-c", String(connections), "-d", String(duration)];
    for (const [k, v] of Object.entries(headers)) args.push("-H", `${k}: ${v}`);
    const { stdout } = await promisify(execFile)(process.execPath, [...args, url], { maxBuffer: 1 << 24 });
    const r = JSON.parse(stdout);
    return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
  }
  const r = await autocannon({ url, connections, duration, headers, pipelining: 1 });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function main() {
  // 1. The bare baseline: Fastify defaults, no logger, one JSON route.
  const bare = Fastify({ logger: false });
  bare.get("/hello", async () => ({ hello: "world" }));

  // 2. Bullpen's real app twice: request logging on (the default) and off. Both log nothing else
  //    (no logger), so the difference is the onResponse hook, its buffer and its batch inserts.
  //    On PGlite, `--pglite dir` (the default) stores each database in a fresh directory on disk, as
  //    users run it; `--pglite memory` keeps them in memory.
  const dirs: string[] = [];
  const pgliteDir = () => {
    if (usingPostgres || arg("pglite", "dir") === "memory") return undefined;
    dirs.push(mkdtempSync(join(tmpdir(), "bullpen-bench-http-")));
    return dirs[dirs.length - 1];
  };
  const on = await createTestApp({
    env: { API_REQUEST_LOG: "true", RATE_LIMIT_ENABLED: "true" },
    pgliteDir: pgliteDir(),
  });
  const off = await createTestApp({
    env: { API_REQUEST_LOG: "false", RATE_LIMIT_ENABLED: "true" },
    pgliteDir: pgliteDir(),
  });
  const auth: Record<string, Record<string, string>> = {};
  const urls: Record<string, string> = {};
  let sample: { headers: Record<string, string>; body: string } | undefined;
  for (const [name, env] of [
    ["on", on],
    ["off", off],
  ] as const) {
    const u = await createUser(env.platform);
    const s = await signIn(env.app, u.username, u.password);
    auth[name] = s.bearer;
    const check = await env.app.inject({ method: "GET", url: "/api/me", headers: s.bearer });
    if (check.statusCode !== 200) throw new Error(`/api/me answered ${check.statusCode}: ${check.body}`);
    sample ??= {
      headers: Object.fromEntries(
        Object.entries(check.headers).filter(
          ([k]) => !["content-length", "date", "connection", "keep-alive", "content-type"].includes(k),
        ),
      ) as Record<string, string>,
      body: check.body,
    };
    urls[name] = `${await listen(env.app)}/api/me`;
  }

  // 3. The same bytes as /api/me from a bare route (a fresh request id each time, like the app).
  const same = sample as NonNullable<typeof sample>;
  bare.get("/same", (_req, reply) => {
    reply
      .headers(same.headers)
      .header("x-request-id", crypto.randomUUID())
      .type("application/json; charset=utf-8");
    reply.send(same.body);
  });
  const bareUrl = await listen(bare);

  const names = ["bare", "same", "off", "on"] as const;
  const results: Record<string, Load[]> = { bare: [], same: [], off: [], on: [] };
  const loads: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const order = names.map((_, i) => names[(i + r) % names.length]);
    for (const name of order) {
      // Every configuration gets the same request, Authorization header included (the bare routes
      // ignore it), so the load generator's own cost per request is alike in all of them.
      const res =
        name === "bare"
          ? await load(`${bareUrl}/hello`, auth.on)
          : name === "same"
            ? await load(`${bareUrl}/same`, auth.on)
            : await load(urls[name], auth[name]);
      results[name].push(res);
      loads.push(loadavg()[0]);
      console.log(
        `round ${r + 1} ${name.padEnd(4)} ${res.rps.toFixed(0).padStart(7)} req/s  p99 ${res.p99} ms  errors ${res.errors} non2xx ${res.non2xx}`,
      );
      if (res.errors || res.non2xx)
        throw new Error(`${name}: ${res.errors} errors, ${res.non2xx} non-2xx answers`);
    }
  }
  const rps = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v.map((x) => x.rps))]));
  const { rows } = await on.database.query<{ n: string }>(
    "select count(*)::text as n from audit.api_requests where route = '/api/me'",
  );

  const ratioOn = rps.on / rps.bare;
  const ratioOff = rps.off / rps.bare;
  const cost = 1 - rps.on / rps.off;
  const cpu = cpus()[0]?.model ?? "unknown";
  const lines = [
    `database: ${usingPostgres ? "PostgreSQL server" : dirs.length ? "embedded PGlite (data directory on disk)" : "embedded PGlite (in memory)"}; client ${client}; ${connections} connections, ${duration} s per run, ${rounds} rounds (medians)`,
    `bare Fastify hello-world:             ${rps.bare.toFixed(0)} req/s`,
    `bare Fastify, /api/me's exact bytes:  ${rps.same.toFixed(0)} req/s  (${(rps.same / rps.bare).toFixed(3)} of bare: the floor the response size sets)`,
    `GET /api/me, request logging off:     ${rps.off.toFixed(0)} req/s  (${ratioOff.toFixed(3)} of bare)`,
    `GET /api/me, request logging on:      ${rps.on.toFixed(0)} req/s  (${rows[0].n} api_requests rows written)`,
    `ratio /api/me (logging on) / bare:    ${ratioOn.toFixed(3)}  (goal >= 0.5: ${ratioOn >= 0.5 ? "met" : "NOT met"})`,
    `logging cost 1 - on/off:              ${(cost * 100).toFixed(1)} %  (goal <= 10 %: ${cost <= 0.1 ? "met" : "NOT met"})`,
    `machine: ${cpus().length} cores (${cpu}), ${new Date().toISOString()}, node ${process.version}, load average during runs ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)}`,
  ];
  console.log(`\n${lines.join("\n")}`);
  await bare.close();
  await on.close();
  await off.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

await main();
