import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { renderHook } from "@testing-library/react";
import { createElement, type ReactNode } from "react";
import { describe, expect, it } from "vitest";
import type { Me } from "../api/models.ts";
import { accountKeys } from "../features/account/queries.ts";
import i18n from "../i18n/index.ts";
import { formatDate, useFormatDate } from "./format.ts";

const AT = "2024-03-10T15:30:00Z";

describe("formatDate", () => {
  it("shows the instant in the given zone, in the UI language", () => {
    expect(formatDate(AT, { language: "en", timeZone: "UTC" })).toBe("10 Mar 2024, 15:30");
    // Past midnight in Seoul: the date moves on.
    expect(formatDate(AT, { language: "en", timeZone: "Asia/Seoul" })).toBe("11 Mar 2024, 00:30");
    // New York switched to daylight time that morning (UTC-4).
    expect(formatDate(AT, { language: "en", timeZone: "America/New_York" })).toBe("10 Mar 2024, 11:30");
    expect(formatDate(AT, { language: "ko", timeZone: "Asia/Seoul" })).toBe("2024. 3. 11. 오전 12:30");
  });

  it("leaves the time out on request", () => {
    expect(formatDate(AT, { language: "en", timeZone: "UTC", withTime: false })).toBe("10 Mar 2024");
    expect(formatDate(AT, { language: "ko", timeZone: "UTC", withTime: false })).toBe("2024. 3. 10.");
  });

  it("says — for no value and keeps what it cannot parse", () => {
    expect(formatDate(null, { language: "en" })).toBe("—");
    expect(formatDate("", { language: "en" })).toBe("—");
    expect(formatDate("not a date", { language: "en" })).toBe("not a date");
  });

  it("still shows the date when the saved time zone is unknown", () => {
    const shown = formatDate(AT, { language: "en", timeZone: "Mars/Olympus_Mons" });
    expect(shown).toMatch(/2024/);
  });
});

describe("useFormatDate", () => {
  it("uses the signed-in user's time zone from the cached account", async () => {
    const qc = new QueryClient();
    qc.setQueryData(accountKeys.me, { settings: { timezone: "Asia/Seoul" } } as Me);
    await i18n.changeLanguage("en");
    const wrapper = ({ children }: { children: ReactNode }) =>
      createElement(QueryClientProvider, { client: qc }, children);
    const { result } = renderHook(() => useFormatDate(), { wrapper });
    expect(result.current(AT)).toBe("11 Mar 2024, 00:30");
    expect(result.current(AT, false)).toBe("11 Mar 2024");
  });
});

describe("formatCalendarDate", () => {
  it("writes a trading date in the UI language without moving it across time zones", async () => {
    const { formatCalendarDate } = await import("./format.ts");
    expect(formatCalendarDate("2018-05-11", "en")).toBe("11 May 2018");
    expect(formatCalendarDate("2018-05-11", "ko")).toBe("2018. 5. 11.");
    expect(formatCalendarDate(null, "en")).toBe("—");
  });
});
