// HTTP benchmarks (issue 2, section 8):
//  1. authenticated GET /api/me throughput as a ratio of a bare Fastify hello-world route (goal >= 0.5);
//  2. cost of request logging (batched api_requests + audit hooks): the same route with the logging
//     plugin on vs off (goal: at most 10 % fewer requests/s).
// Real listening servers on 127.0.0.1, driven by autocannon for a bounded time each, all in this one
// process. Rounds alternate the configurations so drift on a shared machine hits them alike.
// Run: node bench/http.ts [--duration 5] [--rounds 2] [--connections 10]
//      (TEST_DATABASE_URL=postgres://... to measure on a PostgreSQL server instead of embedded PGlite)
import { cpus } from "node:os";
import autocannon from "autocannon";
import Fastify, { type FastifyInstance } from "fastify";
import { createUser, signIn } from "../server/test/factories.ts";
import { createTestApp, usingPostgres } from "../server/test/harness.ts";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const duration = arg("duration", 5);
const rounds = arg("rounds", 2);
const connections = arg("connections", 10);

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: "127.0.0.1" });
  const a = app.server.address();
  if (!a || typeof a === "string") throw new Error("no address");
  return `http://127.0.0.1:${a.port}`;
}

async function load(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ rps: number; p99: number; errors: number; non2xx: number }> {
  const r = await autocannon({ url, connections, duration, headers, pipelining: 1 });
  return { rps: r.requests.average, p99: r.latency.p99, errors: r.errors + r.timeouts, non2xx: r.non2xx };
}

async function main() {
  // 1. The bare baseline: Fastify defaults, no logger, one JSON route.
  const bare = Fastify({ logger: false });
  bare.get("/hello", async () => ({ hello: "world" }));
  const bareUrl = await listen(bare);

  // 2. Bullpen's real app twice: request logging on (the default) and off. Both log nothing else
  //    (pino silent), so the difference is the onResponse hook, its buffer and its batch inserts.
  const on = await createTestApp({ env: { API_REQUEST_LOG: "true", RATE_LIMIT_ENABLED: "true" } });
  const off = await createTestApp({ env: { API_REQUEST_LOG: "false", RATE_LIMIT_ENABLED: "true" } });
  const auth: Record<string, Record<string, string>> = {};
  const urls: Record<string, string> = {};
  for (const [name, env] of [
    ["on", on],
    ["off", off],
  ] as const) {
    const u = await createUser(env.platform);
    const s = await signIn(env.app, u.username, u.password);
    auth[name] = s.bearer;
    const check = await env.app.inject({ method: "GET", url: "/api/me", headers: s.bearer });
    if (check.statusCode !== 200) throw new Error(`/api/me answered ${check.statusCode}: ${check.body}`);
    urls[name] = `${await listen(env.app)}/api/me`;
  }

  const results: Record<string, { rps: number; p99: number; errors: number; non2xx: number }[]> = {
    bare: [],
    off: [],
    on: [],
  };
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? ["bare", "off", "on"] : ["on", "off", "bare"];
    for (const name of order) {
      const res = name === "bare" ? await load(`${bareUrl}/hello`) : await load(urls[name], auth[name]);
      results[name].push(res);
      console.log(
        `round ${r + 1} ${name.padEnd(4)} ${res.rps.toFixed(0).padStart(7)} req/s  p99 ${res.p99} ms  errors ${res.errors} non2xx ${res.non2xx}`,
      );
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const rps = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, mean(v.map((x) => x.rps))]));
  const { rows } = await on.database.query<{ n: string }>(
    "select count(*)::text as n from audit.api_requests where route = '/api/me'",
  );

  const ratio = rps.on / rps.bare;
  const cost = 1 - rps.on / rps.off;
  const cpu = cpus()[0]?.model ?? "unknown";
  const lines = [
    `database: ${usingPostgres ? "PostgreSQL server" : "embedded PGlite (in memory)"}; ${connections} connections, ${duration} s per run, ${rounds} rounds`,
    `bare Fastify hello-world:             ${rps.bare.toFixed(0)} req/s`,
    `GET /api/me, request logging off:     ${rps.off.toFixed(0)} req/s`,
    `GET /api/me, request logging on:      ${rps.on.toFixed(0)} req/s  (${rows[0].n} api_requests rows written)`,
    `ratio /api/me (logging on) / bare:    ${ratio.toFixed(3)}  (goal >= 0.5: ${ratio >= 0.5 ? "met" : "NOT met"})`,
    `logging cost 1 - on/off:              ${(cost * 100).toFixed(1)} %  (goal <= 10 %: ${cost <= 0.1 ? "met" : "NOT met"})`,
    `machine: ${cpus().length} cores (${cpu}), ${new Date().toISOString()}, node ${process.version}`,
  ];
  console.log(`\n${lines.join("\n")}`);
  await bare.close();
  await on.close();
  await off.close();
}

await main();
