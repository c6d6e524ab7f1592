// The portfolio's coded sentences (the API's `{ code, params, message }`: X-ray checks, rebalancing
// trades, planning and goal warnings, screenshot checks, why a sync failed, why there is no MWR) in the
// user's language: the code picks the sentence in portfolioNotices, and each param is formatted in the
// user's locale before it is put in — money with its currency, percentages and numbers with the
// locale's separators, a dimension by its name. The English `message` is never shown.
import type { TFunction } from "i18next";
import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import type { ResponseBody } from "../../api/models.ts";
import { type PortfolioFormat, usePortfolioFormat } from "./format.ts";
import "./noticesStrings.ts";

export type Notice = ResponseBody<"/api/portfolio/xray", "get">["checks"][number]["explanation"];
export type NoticeCode = Notice["code"];
type Param = Notice["params"][string];

/** Params that are money: in the notice's `currency`, or KRW for a screenshot's totals. */
const MONEY = new Set(["yearlyCost", "fees", "minTrade", "amount", "linesTotal", "total"]);
/** Params that are numbers shown as they are, with the locale's separators. */
const NUMBERS: Record<string, number> = { herfindahl: 4, effectivePositions: 2, count: 0, feePct: 4 };

function formatParam(
  name: string,
  value: Param,
  n: Notice,
  f: PortfolioFormat,
  t: TFunction,
): string | number {
  if (value === null) return "—";
  const currency =
    typeof n.params.currency === "string" ? n.params.currency : n.code.startsWith("snapshot.") ? "KRW" : null;
  if (MONEY.has(name)) return f.money(value, currency);
  if (name === "quantity") return f.quantity(value);
  if (name === "driftPct") return f.signed(value, null);
  if (name in NUMBERS) return f.num(value, NUMBERS[name]);
  if (name.endsWith("Pct")) return f.num(value, 2);
  if (name === "dimension")
    return t(`portfolio.planning.alloc.dimensions.${value}`, { defaultValue: String(value) }) as string;
  if (name === "slice" || name === "key") return sliceName(String(value), t);
  return value;
}

/** A slice by its name: cash and asset classes in the user's language, markets and symbols as they are. */
export function sliceName(key: string, t: TFunction): string {
  if (key === "cash") return t("portfolio.overview.cash") as string;
  return t(`market.assetClasses.${key}`, { defaultValue: key }) as string;
}

/** The notice's sentence in the current language, its params formatted for the locale. */
export function noticeText(n: Notice, f: PortfolioFormat, t: TFunction): string {
  const values = Object.fromEntries(
    Object.entries(n.params).map(([k, v]) => [k, formatParam(k, v, n, f, t)]),
  );
  // The key is one of portfolioNotices' (a test walks the server's codes); i18next's typed keys cannot
  // follow a code chosen at run time.
  return (t as unknown as (key: string, values: object) => string)(`portfolioNotices.${n.code}`, values);
}

/** noticeText bound to the UI's language and formatters. */
export function useNoticeText(): (n: Notice) => string {
  const { t } = useTranslation();
  const f = usePortfolioFormat();
  return useCallback((n: Notice) => noticeText(n, f, t), [f, t]);
}
