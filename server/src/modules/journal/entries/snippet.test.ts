// Highlighted snippets: ts_headline's marks split into parts, and Korean matches marked by hand.
import { describe, expect, it } from "vitest";
import { HIT_END, HIT_START } from "./repository.ts";
import { snippet } from "./snippet.ts";

describe("snippet", () => {
  it("splits ts_headline's marked answer into parts", () => {
    const h = `I kept ${HIT_START}running${HIT_END} after the ${HIT_START}stop${HIT_END} hit`;
    expect(snippet("ignored", "run stop", h)).toEqual([
      { text: "I kept ", hit: false },
      { text: "running", hit: true },
      { text: " after the ", hit: false },
      { text: "stop", hit: true },
      { text: " hit", hit: false },
    ]);
  });

  it("marks a Korean word inside a longer one when ts_headline found nothing", () => {
    const parts = snippet("오늘은 손절매 원칙을 지켰다. 다음에도 손절.", "손절", "오늘은 손절매 원칙을");
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["손절", "손절"]);
    expect(parts.map((p) => p.text).join("")).toBe("오늘은 손절매 원칙을 지켰다. 다음에도 손절.");
  });

  it("cuts a long text around the first match and says so", () => {
    const text = `${"a ".repeat(100)}breakout${" b".repeat(100)}`;
    const parts = snippet(text, "BREAKOUT", null);
    expect(parts[0]).toEqual({ text: "… ", hit: false });
    expect(parts.find((p) => p.hit)?.text).toBe("breakout");
    expect(parts.at(-1)).toEqual({ text: " …", hit: false });
  });

  it("without a search or a match: the text's start, unmarked", () => {
    expect(snippet("short note", undefined, null)).toEqual([{ text: "short note", hit: false }]);
    expect(snippet("x ".repeat(200), "zzz", null)[0]?.text.endsWith("…")).toBe(true);
  });
});
