// Names for the wire shapes the pages use. Every type here is read out of the generated `paths`
// (schema.d.ts, `npm run api:types`), so a changed server contract changes these types too.
import type { paths } from "./schema.d.ts";

type Operation<P extends keyof paths, M extends keyof paths[P]> = paths[P][M];

/** The JSON body of answer `S` (200 unless named) of `M P`. */
export type ResponseBody<P extends keyof paths, M extends keyof paths[P], S extends number = 200> =
  Operation<P, M> extends { responses: infer R }
    ? S extends keyof R
      ? R[S] extends { content: { "application/json": infer J } }
        ? J
        : never
      : never
    : never;

/** The JSON request body of `M P`. */
export type RequestBody<P extends keyof paths, M extends keyof paths[P]> =
  Operation<P, M> extends {
    requestBody?: { content: { "application/json": infer B } };
  }
    ? B
    : never;

// identity
export type Me = ResponseBody<"/api/me", "get">;
export type User = Me["user"];
export type UserStatus = User["status"];
export type Role = User["role"];
export type Profile = Me["profile"];
export type TradingExperience = NonNullable<Profile["tradingExperience"]>;
export type RiskTolerance = NonNullable<Profile["riskTolerance"]>;
export type Settings = Me["settings"];
export type SettingsPatch = RequestBody<"/api/me/settings", "patch">;
export type Theme = Settings["theme"];
export type Language = Settings["language"];
export type AuthConfig = ResponseBody<"/api/auth/config", "get">;
export type Session = ResponseBody<"/api/me/sessions", "get">["sessions"][number];
export type ApiKey = ResponseBody<"/api/me/api-keys", "get">["apiKeys"][number];
export type ApiScope = ApiKey["scopes"][number];
export type MfaEnrollment = ResponseBody<"/api/me/mfa/enroll", "post">;
export type Invite = ResponseBody<"/api/admin/invites", "get">["invites"][number];

// notify
export type AppNotification = ResponseBody<"/api/notifications", "get">["notifications"][number];

// market
export type Instrument = ResponseBody<"/api/instruments/{id}", "get">;
export type BarsPage = ResponseBody<"/api/instruments/{id}/bars", "get">;
export type Bar = BarsPage["bars"][number];
export type Interval = BarsPage["interval"];
/** A quote; the route answers `{ quote: null }` while the instrument has no bars. */
export type Quote = NonNullable<ResponseBody<"/api/instruments/{id}/quote", "get">["quote"]>;
export type BarIntervals = ResponseBody<"/api/instruments/{id}/intervals", "get">;
/**
 * The contract answers `actionType` as a string; the server's table admits only these three (a check
 * constraint), which the page's labels rely on.
 */
export type ActionType = "split" | "dividend" | "symbol_change";
export type CorporateAction = Omit<
  ResponseBody<"/api/instruments/{id}/actions", "get">["actions"][number],
  "actionType"
> & { actionType: ActionType };
export type Watchlist = ResponseBody<"/api/watchlists/{id}", "patch">;
export type WatchlistItem = Watchlist["items"][number];
export type WatchlistPatch = RequestBody<"/api/watchlists/{id}", "patch">;
/** The import report: answered with 200 when stored, 422 when refused for row errors. */
export type ImportResult = ResponseBody<"/api/instruments/{id}/bars/import", "post">;

/** Every bar interval, finest first (the compiler checks it against the contract's list). */
export const INTERVALS = ["1m", "5m", "15m", "1h", "1d", "1w"] as const satisfies readonly Interval[];
type MissingInterval = Exclude<Interval, (typeof INTERVALS)[number]>;
const allIntervals: [MissingInterval] extends [never] ? true : MissingInterval = true;
void allIntervals;
