// The demo data set loads into an empty embedded database, and a load cut short by a stop is finished
// by the next start; a database holding only the user's own bars never gets it.
import { afterEach, describe, expect, it } from "vitest";
import { operatorCtx } from "../../../test/factories.ts";
import { createTestPlatform, type TestEnv } from "../../../test/harness.ts";
import { importBars } from "./bars/import.ts";
import { demoPending, loadDemoData, seedConfiguredInstruments } from "./demo.ts";
import { findInstrumentBySymbol } from "./instruments/service.ts";

let env: TestEnv | undefined;
afterEach(async () => env?.close());

async function* chunks(text: string) {
  yield text;
}

describe("demoPending", () => {
  it("is true on an empty database, false once loaded, and true again when the last step is missing", async () => {
    env = await createTestPlatform();
    const ctx = operatorCtx(env.platform);
    expect(await demoPending(ctx)).toBe(true);
    await loadDemoData(ctx);
    expect(await demoPending(ctx)).toBe(false);
    // As if the stop came before the demo's last import: its first bars are there, the KR minutes not.
    const kr = await findInstrumentBySymbol({ ctx, input: { symbol: "999001", market: "KR" } });
    await env.database.query("delete from market.bars where instrument_id = $1 and interval = '1m'", [
      kr?.id,
    ]);
    expect(await demoPending(ctx)).toBe(true);
    const again = await loadDemoData(ctx);
    expect(again.bars).toBeGreaterThan(0); // only the missing rows are added
    expect(await demoPending(ctx)).toBe(false);
    // A demo loaded by an earlier version had no gold (nor KR and FX) bars: the next start adds them.
    const gold = await findInstrumentBySymbol({ ctx, input: { symbol: "XAUUSD", market: "FX" } });
    await env.database.query("delete from market.bars where instrument_id = $1", [gold?.id]);
    expect(await demoPending(ctx)).toBe(true);
    const upgraded = await loadDemoData(ctx);
    const { rows } = await env.database.query<{ n: number }>(
      "select count(*)::int as n from market.bars where instrument_id = $1 and source = 'synthetic'",
      [gold?.id],
    );
    const n = Number(rows[0]?.n);
    expect(n).toBeGreaterThan(400);
    expect(upgraded.bars).toBe(n);
    expect(await demoPending(ctx)).toBe(false);
  }, 180_000); // three demo loads on a shared machine

  it("is false when the only bars are the user's own", async () => {
    env = await createTestPlatform();
    const ctx = operatorCtx(env.platform);
    await seedConfiguredInstruments(ctx);
    const msft = await findInstrumentBySymbol({ ctx, input: { symbol: "MSFT", market: "US" } });
    const r = await importBars({
      ctx,
      input: {
        instrumentId: msft?.id as string,
        interval: "1d",
        source: "my-broker",
        body: chunks("date,open,high,low,close,volume\n2024-01-02,370,375,366,370.87,25258600\n"),
      },
    });
    expect(r.added).toBe(1);
    expect(await demoPending(ctx)).toBe(false);
  });
});
