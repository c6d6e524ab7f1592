// Which API-key scopes a user may be issued. `read` always; `admin` to administrators; `trade` only
// once a module that trades exists. The `trade` scope is the one a key needs for changes (watchlists,
// notifications, and later orders), but a key named "trade" promises trading: until something can
// trade, no user is issued one, and keys issued before keep working (the auth hook does not look here).

/**
 * The registry of modules that trade (place, change or cancel orders with a broker). A module declares
 * that it offers the `trade` scope by adding its name here in the change that ships its first trading
 * route, with a test that a trade-scoped key reaches that route; docs/security.md says so.
 */
export const TRADING_MODULES: readonly string[] = [];

export type ApiScope = "read" | "trade" | "admin";

/** The scopes this actor may put on a new key, given the modules that trade. */
export function issuableScopes(
  role: "user" | "admin",
  tradingModules: readonly string[] = TRADING_MODULES,
): ApiScope[] {
  const scopes: ApiScope[] = ["read"];
  if (tradingModules.length > 0) scopes.push("trade");
  if (role === "admin") scopes.push("admin");
  return scopes;
}
