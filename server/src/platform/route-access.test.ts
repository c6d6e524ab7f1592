// The declaration check of platform/route-access.ts: a route that does not say who may call it
// stops the start-up, and the guard runs before the body is validated.
import Fastify, { type FastifyInstance } from "fastify";
import { describe, expect, it } from "vitest";
import type { Actor } from "./context.ts";
import { installErrorHandling } from "./http.ts";
import { installRouteAccess } from "./route-access.ts";

async function appWith(register: (app: FastifyInstance) => void, actor: Actor | null = null) {
  const app = Fastify();
  app.decorateRequest("actor", null);
  installErrorHandling(app);
  installRouteAccess(app);
  app.addHook("onRequest", (request, _reply, done) => {
    request.actor = actor;
    done();
  });
  register(app);
  await app.ready();
  return app;
}

describe("route access declarations", () => {
  it("refuse to start with an undeclared write, an undeclared /api/ read, an unknown kind or a hand-written security", async () => {
    await expect(appWith((app) => app.post("/hook", async () => "x"))).rejects.toThrow(
      /POST \/hook: declare who may call it/,
    );
    await expect(appWith((app) => app.delete("/things/:id", async () => "x"))).rejects.toThrow(
      /DELETE \/things\/:id: declare/,
    );
    await expect(appWith((app) => app.get("/api/things", async () => "x"))).rejects.toThrow(
      /GET \/api\/things: declare/,
    );
    await expect(
      appWith((app) => app.post("/api/things", { config: { access: "write" as never } }, async () => "x")),
    ).rejects.toThrow(/unknown access "write"/);
    await expect(
      appWith((app) =>
        app.post(
          "/api/things",
          { config: { access: "trade" }, schema: { security: [{ bearer: [] }] } },
          async () => "x",
        ),
      ),
    ).rejects.toThrow(/remove schema.security/);
    // A page outside /api/ (documentation, static files) may stay undeclared: it is public.
    const ok = await appWith((app) => app.get("/docs/page", async () => "x"));
    expect((await ok.inject("/docs/page")).statusCode).toBe(200);
    await ok.close();
  });

  it("guard before validation, with the security the document shows", async () => {
    const body = { type: "object", required: ["name"], properties: { name: { type: "string" } } };
    const register = (app: FastifyInstance) => {
      app.post("/api/things", { config: { access: "trade" }, schema: { body } }, async () => ({ ok: 1 }));
      app.post("/api/open", { config: { access: "public" }, schema: { body } }, async () => ({ ok: 1 }));
      app.post("/api/mine", { config: { access: "session" } }, async () => ({ ok: 1 }));
    };
    const anonymous = await appWith(register);
    const thing = await anonymous.inject({ method: "POST", url: "/api/things", payload: "not json" });
    expect(thing.statusCode).toBe(401);
    expect(thing.json().code).toBe("unauthenticated");
    expect((await anonymous.inject({ method: "POST", url: "/api/open", payload: {} })).statusCode).toBe(400);
    const route = anonymous.printRoutes({ includeHooks: true });
    expect(route).toContain("onRequest");
    await anonymous.close();

    const readKey: Actor = { userId: "u", role: "user", apiKeyId: "k", scopes: ["read"] };
    const reader = await appWith(register, readKey);
    const refused = await reader.inject({ method: "POST", url: "/api/things", payload: {} });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toContain('"trade" scope');
    expect((await reader.inject({ method: "POST", url: "/api/mine" })).statusCode).toBe(403);
    await reader.close();

    const tradeKey: Actor = { userId: "u", role: "user", apiKeyId: "k", scopes: ["trade"] };
    const trader = await appWith(register, tradeKey);
    // admitted, so validation now speaks
    expect((await trader.inject({ method: "POST", url: "/api/things", payload: {} })).statusCode).toBe(400);
    expect(
      (await trader.inject({ method: "POST", url: "/api/things", payload: { name: "n" } })).json(),
    ).toEqual({ ok: 1 });
    await trader.close();

    const person: Actor = { userId: "u", role: "user", sessionId: "s" };
    const signedIn = await appWith(register, person);
    expect((await signedIn.inject({ method: "POST", url: "/api/mine" })).json()).toEqual({ ok: 1 });
    await signedIn.close();
  });
});
