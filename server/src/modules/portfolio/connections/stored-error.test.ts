// A failed sync's reason is kept as its code and values, and a reason stored as plain English before
// codes existed still reads as a notice.
import { describe, expect, it } from "vitest";
import { notice } from "../notices/contracts.ts";
import { readStoredError, storedError } from "./service.ts";

describe("a connection's last error", () => {
  it("round-trips a notice through the text column", () => {
    const n = notice("sync.httpError", {
      broker: "Alpaca",
      status: 500,
      path: "/v2/account",
      detail: "boom",
    });
    const text = storedError(n);
    expect(JSON.parse(text)).toEqual({ code: "sync.httpError", params: n.params });
    expect(readStoredError(text)).toEqual(n);
  });

  it("reads an older plain-text reason, an unknown code and nothing", () => {
    expect(readStoredError("Alpaca could not be reached (x)")).toEqual(
      notice("sync.failed", { detail: "Alpaca could not be reached (x)" }),
    );
    const unknown = JSON.stringify({ code: "sync.gone", params: {} });
    expect(readStoredError(unknown)?.code).toBe("sync.failed");
    expect(readStoredError(null)).toBeNull();
  });
});
