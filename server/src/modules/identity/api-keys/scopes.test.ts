import { describe, expect, it } from "vitest";
import { issuableScopes, TRADING_MODULES } from "./scopes.ts";

describe("issuableScopes", () => {
  it("offers trade only once a module that trades is registered", () => {
    expect(TRADING_MODULES).toEqual([]);
    expect(issuableScopes("user")).toEqual(["read"]);
    expect(issuableScopes("admin")).toEqual(["read", "admin"]);
    expect(issuableScopes("user", ["orders"])).toEqual(["read", "trade"]);
    expect(issuableScopes("admin", ["orders"])).toEqual(["read", "trade", "admin"]);
  });
});
