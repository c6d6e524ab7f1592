import { describe, expect, it } from "vitest";
import { RateLimitedError } from "./errors.ts";
import { type Bucket, createLimits } from "./limits.ts";

const perMinute: Bucket = { name: "test-per-minute", points: 2, duration: 60 };

describe("generic limits (memory store)", () => {
  it("consume refuses past the bucket's points with a Retry-After, per key; reset forgets a key", async () => {
    const limits = createLimits({ enabled: true });
    await limits.consume(perMinute, "a");
    await limits.consume(perMinute, "a");
    const err = await limits.consume(perMinute, "a").catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitedError);
    expect(Number((err as RateLimitedError).headers["retry-after"])).toBeGreaterThan(55);
    await limits.consume(perMinute, "b");
    await limits.reset(perMinute, "a");
    await limits.consume(perMinute, "a");
    await limits.close();
  });

  it("count never refuses and holds while rate limits are off; block and blockedFor", async () => {
    const limits = createLimits({ enabled: false });
    const counter: Bucket = { name: "test-counter", points: 1, duration: 3600 };
    const blocks: Bucket = { name: "test-blocks", points: 1, duration: 900 };
    expect([
      await limits.count(counter, "k"),
      await limits.count(counter, "k"),
      await limits.count(counter, "k", 3),
    ]).toEqual([1, 2, 5]);
    expect(await limits.count(counter, "other")).toBe(1);
    expect(await limits.blockedFor(blocks, "k")).toBe(0);
    await limits.block(blocks, "k", 120);
    expect(await limits.blockedFor(blocks, "k")).toBe(120);
    expect(await limits.blockedFor(blocks, "other")).toBe(0);
    // Off: consume never refuses.
    for (let i = 0; i < 5; i++) await limits.consume(perMinute, "k");
    await limits.close();
  });

  it("refuses one bucket name declared with two different limits", async () => {
    const limits = createLimits({ enabled: true });
    await limits.consume(perMinute, "a");
    await expect(limits.consume({ ...perMinute, points: 5 }, "a")).rejects.toThrow(/declared twice/);
    await limits.close();
  });
});
