// The LLM vision reader over real HTTP: a local server replays a chat-completions answer in the
// provider's format and records what it was sent; the snapshot keeps provider, model and tokens.
import { readFileSync } from "node:fs";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser, type SignedIn, signIn } from "../../../../test/factories.ts";
import { createTestApp, type TestEnv } from "../../../../test/harness.ts";
import { type ReplayServer, startReplayServer } from "../../../../test/replay-server.ts";
import type { SnapshotOut } from "./contracts.ts";
import { stopOcr } from "./ocr.ts";
import { chromiumAvailable, renderPng } from "./test-fixtures/render.ts";
import { makeScreen } from "./test-fixtures/screens.ts";
import { seedScreenInstruments, upload } from "./test-fixtures/upload.ts";

const recorded = readFileSync(
  new URL("./test-fixtures/openai-chat-completion.json", import.meta.url),
  "utf8",
);
// A PNG as far as the upload checks go (signature + IHDR start); the provider sees its bytes as sent.
const png = (n: number) =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]),
    Buffer.from(`screen-${n}`),
  ]);

let env: TestEnv & { app: FastifyInstance };
let app: FastifyInstance;
let replay: ReplayServer;
let user: SignedIn;

beforeAll(async () => {
  replay = await startReplayServer([
    { method: "POST", path: "/v1/chat/completions", status: 200, body: recorded },
  ]);
  env = await createTestApp({
    env: {
      PORTFOLIO_VISION_URL: `${replay.url}/v1`,
      PORTFOLIO_VISION_MODEL: "gpt-4o-mini",
      PORTFOLIO_VISION_KEY: "sk-test-vision-key",
      PORTFOLIO_VISION_TIMEOUT_MS: "5000",
    },
  });
  app = env.app;
  await seedScreenInstruments(env.platform);
  const u = await createUser(env.platform);
  user = await signIn(app, u.username, u.password);
}, 60_000);

afterAll(async () => {
  await stopOcr();
  await env?.close();
  await replay?.close();
});

describe("screenshot import with an LLM vision provider", () => {
  it("sends the image as a data URL with the prompt and key, and keeps provider, model and token counts", async () => {
    const image = png(1);
    const res = await upload(app, user.bearer, image);
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json() as SnapshotOut;
    expect(s).toMatchObject({
      source: "llm",
      status: "draft",
      provider: new URL(replay.url).host,
      model: "gpt-4o-mini-2024-07-18",
      promptTokens: 1187,
      completionTokens: 296,
      totalValueKrw: "2790350",
      purchaseValueKrw: "2725250",
      cashKrw: "1204500",
      cashUsd: "310.25",
      usdKrwRate: "1385.2",
    });
    expect(s.lines.map((l) => [l.name, l.symbol, l.market, l.quantity, l.currentValueKrw, l.pnlKrw])).toEqual(
      [
        ["삼성전자", "005930", "KR", "12", "880800", "26400"],
        ["SK하이닉스", "000660", "KR", "3", "597000", "51000"],
        ["애플", "AAPL", "US", "5", "1312550", "-12300"],
      ],
    );
    expect(s.lines[2]).toMatchObject({ currency: "USD", averagePrice: "172.4", purchaseValueKrw: "1324850" });
    expect(s.rawText).toContain('"holdings"');

    const sent = replay.requests.at(-1);
    expect(sent?.headers.authorization).toBe("Bearer sk-test-vision-key");
    const body = JSON.parse(sent?.body ?? "{}");
    expect(body.model).toBe("gpt-4o-mini");
    expect(body.response_format).toEqual({ type: "json_object" });
    expect(body.messages[0].role).toBe("system");
    const parts = body.messages[1].content as { type: string; image_url?: { url: string } }[];
    expect(parts.find((p) => p.type === "image_url")?.image_url?.url).toBe(
      `data:image/png;base64,${image.toString("base64")}`,
    );

    // Confirmed as read: the totals are the lines' sums, split KR/US.
    const ok = await app.inject({
      method: "POST",
      url: `/api/portfolio/snapshots/${s.id}/confirm`,
      headers: user.bearer,
    });
    expect(ok.json()).toMatchObject({
      status: "confirmed",
      krValueKrw: "1477800",
      usValueKrw: "1312550",
      totalValueKrw: "2790350",
    });
  });

  it("reads looser answers: bare numbers with separators and signs, markets and currencies in any case", async () => {
    const content = JSON.stringify({
      holdings: [
        {
          name: "카카오",
          market: "kr",
          quantity: 83,
          averagePrice: "50,669",
          value: "3,456,950원",
          pnl: "-748,577",
          pnlPct: "-17.80%",
        },
        {
          name: "Tesla, Inc.",
          symbol: "TSLA",
          market: "us",
          currency: "usd",
          quantity: "16",
          averagePrice: 245.31,
          currentPrice: "$282.39",
          value: { amount: "4518.24", currency: "usd" },
          pnl: null,
        },
      ],
      totals: { totalValue: "7,975,190", cashUsd: "$1,193.01" },
    });
    replay.setRoutes([
      {
        method: "POST",
        path: "/v1/chat/completions",
        status: 200,
        body: { object: "chat.completion", model: "local-vlm", choices: [{ message: { content } }] },
      },
    ]);
    const res = await upload(app, user.bearer, png(2));
    expect(res.statusCode, res.body).toBe(201);
    const s = res.json() as SnapshotOut;
    expect(s).toMatchObject({
      model: "local-vlm",
      promptTokens: null,
      completionTokens: null,
      totalValueKrw: "7975190",
      cashUsd: "1193.01",
    });
    expect(s.lines).toMatchObject([
      {
        name: "카카오",
        symbol: "035720",
        market: "KR",
        quantity: "83",
        averagePrice: "50669",
        currentValueKrw: "3456950",
        pnlKrw: "-748577",
        pnlPct: "-17.8",
      },
      // A value in dollars waits for the rate (none on this screen): confirm values it then.
      {
        name: "Tesla, Inc.",
        symbol: "TSLA",
        market: "US",
        currency: "USD",
        currentPrice: "282.39",
        currentValueKrw: null,
      },
    ]);
  });

  it("answers 502 when the provider fails or answers something that is not a holdings reading; nothing is saved", async () => {
    const before = (
      await app.inject({ method: "GET", url: "/api/portfolio/snapshots", headers: user.bearer })
    ).json().snapshots.length;
    const cases: [number, unknown, RegExp][] = [
      [500, { error: { message: "The server had an error", type: "server_error" } }, /answered 500/],
      [
        200,
        { object: "chat.completion", choices: [{ message: { content: "I cannot read this image." } }] },
        /no JSON/,
      ],
      [200, { choices: [{ message: { content: '{"holdings": "many"}' } }] }, /does not describe holdings/],
      [200, "<html>bad gateway</html>", /not a chat completion/],
    ];
    for (const [k, [status, body, message]] of cases.entries()) {
      replay.setRoutes([{ method: "POST", path: "/v1/chat/completions", status, body }]);
      const res = await upload(app, user.bearer, png(10 + k));
      expect(res.statusCode, res.body).toBe(502);
      expect(res.json().message).toMatch(message);
      expect(res.body).not.toContain("sk-test-vision-key");
    }
    const after = (
      await app.inject({ method: "GET", url: "/api/portfolio/snapshots", headers: user.bearer })
    ).json().snapshots.length;
    expect(after).toBe(before);
  });

  it("limits each user to 30 uploads an hour (429 with Retry-After), another user unaffected", async () => {
    replay.setRoutes([{ method: "POST", path: "/v1/chat/completions", status: 200, body: recorded }]);
    const u = await createUser(env.platform);
    const busy = await signIn(app, u.username, u.password);
    for (let k = 0; k < 30; k++) expect((await upload(app, busy.bearer, png(100 + k))).statusCode).toBe(201);
    const over = await upload(app, busy.bearer, png(200));
    expect(over.statusCode).toBe(429);
    expect(Number(over.headers["retry-after"])).toBeGreaterThan(0);
    expect((await upload(app, user.bearer, png(201))).statusCode).toBe(201);
  });

  it.skipIf(!chromiumAvailable())(
    "reads with the local OCR when the upload asks for reader=ocr, sending nothing",
    async () => {
      replay.setRoutes([{ method: "POST", path: "/v1/chat/completions", status: 200, body: recorded }]);
      const sent = replay.requests.length;
      const screen = makeScreen(1);
      const res = await upload(app, user.bearer, await renderPng(screen.html, screen.width, screen.height), {
        reader: "ocr",
      });
      expect(res.statusCode, res.body).toBe(201);
      expect(res.json()).toMatchObject({ source: "ocr", provider: "tesseract.js", promptTokens: null });
      expect(res.json().lines.length).toBe(screen.lines.length);
      expect(replay.requests.length).toBe(sent);
    },
    180_000,
  );
});
