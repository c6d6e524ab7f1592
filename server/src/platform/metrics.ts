import type { FastifyInstance } from "fastify";
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

/** Prometheus metrics: process defaults plus request latency by route pattern (never by raw URL). */
export function installMetrics(app: FastifyInstance): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "bullpen_" });
  const duration = new Histogram({
    name: "bullpen_http_request_duration_seconds",
    help: "HTTP request latency by method, route pattern and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: "bullpen_http_server_errors_total",
    help: "Responses with a 5xx status",
    labelNames: ["route"] as const,
    registers: [registry],
  });
  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    if (route !== "/metrics") {
      const status = reply.statusCode;
      duration.observe({ method: request.method, route, status: String(status) }, reply.elapsedTime / 1000);
      if (status >= 500) errors.inc({ route });
    }
    done();
  });
  return registry;
}
