// /openapi.json describes what the server accepts and answers, since clients are generated from it
// (issue 15, finding 14): passwords with the policy's bounds, cursors with their pattern, the CSV
// import's request bodies, CSV answers as text/csv, "no content" answers with no body, and every
// answer's status and content type documented for its operation.
import { afterAll, describe, expect, it } from "vitest";
import { createUser, signIn } from "./factories.ts";
import { createTestApp } from "./harness.ts";
import { type Schema, type WalkedOperation, walkOperations } from "./openapi.ts";

const env = await createTestApp({ env: { RATE_LIMIT_ENABLED: "false", REGISTRATION_MODE: "open" } });
afterAll(() => env.close());
const { app } = env;
const ops = await walkOperations(app);
const op = (name: string): WalkedOperation => {
  const found = ops.find((o) => o.name === name);
  if (!found) throw new Error(`${name} is not in the document`);
  return found;
};
const bodySchema = (name: string) =>
  op(name).op.requestBody?.content?.["application/json"]?.schema as Schema & {
    properties: Record<string, Schema & { maxLength?: number }>;
  };

const admin = await createUser(env.platform, { role: "admin" });
const adminS = await signIn(app, admin.username, admin.password);

type Reply = Awaited<ReturnType<typeof app.inject>>;
/** The answer's status is documented for the operation, with the content type it came with. */
function expectDocumented(o: WalkedOperation, res: Reply) {
  const documented = o.op.responses?.[String(res.statusCode)];
  expect(
    documented,
    `${o.name} answered an undocumented ${res.statusCode}: ${res.body.slice(0, 200)}`,
  ).toBeDefined();
  const type = String(res.headers["content-type"] ?? "").split(";")[0];
  const types = Object.keys(documented?.content ?? {});
  if (types.length === 0) {
    expect(`${o.name} ${res.statusCode}: ${JSON.stringify(res.body)} ${type}`).toBe(
      `${o.name} ${res.statusCode}: "" `,
    );
  } else expect(types, `${o.name} ${res.statusCode} answered ${type}`).toContain(type);
}

describe("passwords", () => {
  const setting = [
    ["POST /api/auth/register", "password"],
    ["POST /api/auth/setup", "password"],
    ["POST /api/auth/password-reset/confirm", "password"],
    ["POST /api/me/password", "newPassword"],
  ] as const;

  it("a password being set is documented with the policy's bounds; any other with the schema's", () => {
    for (const [name, field] of setting)
      expect(bodySchema(name).properties[field], `${name} ${field}`).toMatchObject({
        type: "string",
        minLength: 8,
        maxLength: 256,
      });
    for (const [name, field] of [
      ["POST /api/auth/login", "password"],
      ["POST /api/me/password", "currentPassword"],
      ["DELETE /api/me", "password"],
    ] as const)
      expect(bodySchema(name).properties[field], `${name} ${field}`).toMatchObject({
        minLength: 1,
        maxLength: 1024,
      });
  });

  it("the server holds exactly those bounds, counted in characters", async () => {
    const register = (username: string, password: string) =>
      app.inject({ method: "POST", url: "/api/auth/register", payload: { username, password } });
    const seven = await register("seven_chars", "Zq7-x!p");
    expect(seven.statusCode, seven.body).toBe(400);
    expect(seven.json().message).toContain("body.password: must be at least 8 characters");
    expect((await register("eight_chars", "Zq7-x!pW")).statusCode).toBe(201);
    // 256 characters of 2 UTF-16 units each: within the documented maxLength, so accepted
    expect((await register("astral_256", `${"😀".repeat(255)}x`)).statusCode).toBe(201);
    const over = await register("ascii_257", `${"Zq7-x!pW".repeat(32)}x`);
    expect(over.statusCode).toBe(400);
    expect(over.json().message).toContain("at most 256 characters");

    const login = (password: string) =>
      app.inject({ method: "POST", url: "/api/auth/login", payload: { login: "eight_chars", password } });
    // 1024 characters is a password the server will check (and refuse as wrong); 1025 is malformed
    expect((await login("😀".repeat(1024))).statusCode).toBe(401);
    expect((await login("x".repeat(1025))).statusCode).toBe(400);
    expect((await login("")).statusCode).toBe(400);
  });
});

describe("bars: the CSV import body, CSV answers and the cursor", () => {
  it("are documented as the server takes and sends them", async () => {
    const importOp = op("POST /api/instruments/{id}/bars/import");
    expect(Object.keys(importOp.op.requestBody?.content ?? {}).sort()).toEqual(
      ["application/octet-stream", "multipart/form-data", "text/csv", "text/plain"].sort(),
    );
    expect(importOp.op.requestBody?.required).toBe(true);
    const read = op("GET /api/instruments/{id}/bars");
    expect(Object.keys(read.op.responses?.["200"]?.content ?? {}).sort()).toEqual([
      "application/json",
      "text/csv",
    ]);
    const cursorParam = read.op.parameters?.find((p) => p.name === "cursor");
    expect(cursorParam?.schema?.pattern).toBeDefined();
    const cursorPattern = new RegExp(cursorParam?.schema?.pattern as string);

    const created = await app.inject({
      method: "POST",
      url: "/api/instruments",
      headers: adminS.bearer,
      payload: { symbol: "DOCT", mic: "XNAS", name: "Document Test Inc." },
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as string;
    const url = importOp.path.replace("{id}", id);
    const csv =
      "date,open,high,low,close,volume\n2025-01-02,10,11,9,10.5,100\n2025-01-03,10.5,12,10,11,200\n";
    for (const type of ["text/csv", "text/plain", "application/octet-stream"]) {
      const res = await app.inject({
        method: "POST",
        url: `${url}?interval=1d`,
        headers: { ...adminS.bearer, "content-type": type },
        payload: csv,
      });
      expect(`${type}: ${res.statusCode}`, res.body).toBe(`${type}: 200`);
      expectDocumented(importOp, res);
    }

    const barsUrl = read.path.replace("{id}", id);
    const page = await app.inject({
      method: "GET",
      url: `${barsUrl}?from=2025-01-01&limit=1`,
      headers: adminS.bearer,
    });
    expectDocumented(read, page);
    const next = page.json().nextCursor as string;
    expect(next).toMatch(cursorPattern);
    const second = await app.inject({
      method: "GET",
      url: `${barsUrl}?from=2025-01-01&limit=1&cursor=${next}`,
      headers: adminS.bearer,
    });
    expect(second.json().bars.map((b: { ts: string }) => b.ts.slice(0, 10))).toEqual(["2025-01-03"]);
    for (const bad of ["not*base64", "x".repeat(25)]) {
      const res = await app.inject({
        method: "GET",
        url: `${barsUrl}?cursor=${bad}`,
        headers: adminS.bearer,
      });
      expect(`${bad}: ${res.statusCode}`).toBe(`${bad}: 400`);
      expect(res.json().message).toContain("querystring.cursor");
    }
    const asCsv = await app.inject({
      method: "GET",
      url: `${barsUrl}?format=csv&from=2025-01-01`,
      headers: adminS.bearer,
    });
    expect(asCsv.statusCode).toBe(200);
    expect(asCsv.headers["content-type"]).toMatch(/^text\/csv/);
    expectDocumented(read, asCsv);
  });
});

describe("answers documented without content", () => {
  it("send no body at all (not JSON null): the three 202s", async () => {
    const accepted = ops.filter((o) => o.op.responses?.["202"] && !o.op.responses["202"].content);
    expect(accepted.map((o) => o.name).sort()).toEqual(
      [
        "POST /api/auth/password-reset/request",
        "POST /api/me/email/resend",
        "POST /api/me/phone/request",
      ].sort(),
    );
    const user = await createUser(env.platform);
    const s = await signIn(app, user.username, user.password);
    const bodies: Record<string, object | undefined> = {
      "POST /api/auth/password-reset/request": { email: user.email as string },
      "POST /api/me/phone/request": { phoneNumber: "+821012345678" },
    };
    for (const o of accepted) {
      const res = await app.inject({
        method: o.method as "POST",
        url: o.url,
        headers: o.access === "public" ? {} : s.bearer,
        ...(bodies[o.name] ? { payload: bodies[o.name] } : {}),
      });
      expect(`${o.name}: ${res.statusCode}`, res.body).toBe(`${o.name}: 202`);
      expect(res.body).toBe("");
      expect(res.headers["content-type"]).toBeUndefined();
      expectDocumented(o, res);
    }
  });
});

describe("every answer is documented", () => {
  it("anonymous calls and an admin's calls with valid bodies answer a documented status and content type", async () => {
    for (const o of ops) {
      expectDocumented(o, await app.inject({ method: o.method as "GET", url: o.url }));
      expectDocumented(
        o,
        await app.inject({
          method: o.method as "GET",
          url: o.url,
          headers: adminS.bearer,
          ...(o.body ? { payload: o.body } : {}),
        }),
      );
    }
  });
});
