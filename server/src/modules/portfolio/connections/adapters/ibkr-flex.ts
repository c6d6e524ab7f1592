// Interactive Brokers' Flex Web Service (version 3): ask for a saved Flex Query by its id with the
// account's Flex token (SendRequest), then fetch the statement by the reference code it answers
// (GetStatement), polling while IB is still building it. The statement is Flex XML, read by the same
// parser as an uploaded Flex file, so a synced trade and an imported one are the same ledger row.
import type { ParseResult } from "../../imports/parsers/types.ts";
import { xmlTags } from "../../imports/text/xml.ts";
import { notice } from "../../notices/contracts.ts";
import { brokerRequest } from "./http.ts";
import { type BrokerPosition, BrokerSyncError, type FetchOptions, type SyncBatch } from "./types.ts";

export interface IbkrFlexCredentials {
  /** The Flex Web Service token (Reports → Settings → Flex Web Service). */
  token: string;
  /** The id of an Activity Flex Query with Trades, Cash Transactions, Open Positions and Cash Report. */
  queryId: string;
  baseUrl?: string;
}

export const IBKR_FLEX_BASE = "https://ndcdyn.interactivebrokers.com/AccountManagement/FlexWebService";

/** IB's "statement generation in progress" and "too many requests" codes: wait and ask again. */
const RETRY_CODES = new Set(["1001", "1004", "1005", "1006", "1007", "1008", "1009", "1018", "1019", "1021"]);
const MAX_POLLS = 8;

/** Reads `<FlexStatementResponse>`: status, reference code, URL or error. */
function flexResponse(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/<(Status|ReferenceCode|Url|ErrorCode|ErrorMessage)>([^<]*)<\/\1>/g))
    out[m[1] as string] = (m[2] as string).trim();
  return out;
}

export async function fetchIbkrFlex(
  creds: IbkrFlexCredentials,
  parseStatement: (xml: string) => ParseResult | Promise<ParseResult>,
  opts: FetchOptions = {},
): Promise<SyncBatch> {
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const base = (creds.baseUrl ?? IBKR_FLEX_BASE).replace(/\/+$/, "");
  const send = await brokerRequest(
    "Interactive Brokers",
    `${base}/SendRequest?${new URLSearchParams({ t: creds.token, q: creds.queryId, v: "3" })}`,
    { timeoutMs: opts.timeoutMs },
  );
  const sent = flexResponse(send.text);
  if (sent.Status !== "Success" || !sent.ReferenceCode)
    throw flexError(sent, send.status, "sync.flexRequestRefused");
  const statementUrl = sent.Url || `${base}/GetStatement`;

  for (let poll = 0; poll < MAX_POLLS; poll++) {
    const res = await brokerRequest(
      "Interactive Brokers",
      `${statementUrl}?${new URLSearchParams({ t: creds.token, q: sent.ReferenceCode, v: "3" })}`,
      { timeoutMs: opts.timeoutMs },
    );
    if (res.text.includes("<FlexQueryResponse")) return toBatch(await parseStatement(res.text), res.text);
    const answer = flexResponse(res.text);
    if (!answer.ErrorCode || !RETRY_CODES.has(answer.ErrorCode))
      throw flexError(answer, res.status, "sync.flexFetchRefused");
    await sleep(Math.min(2000 * 2 ** poll, 30_000));
  }
  throw new BrokerSyncError("not_ready", notice("sync.flexNotReady", { broker: "Interactive Brokers" }));
}

function flexError(
  answer: Record<string, string>,
  status: number,
  step: "sync.flexRequestRefused" | "sync.flexFetchRefused",
): BrokerSyncError {
  const code = answer.ErrorCode;
  const message = answer.ErrorMessage || `HTTP ${status}`;
  // 1012: token expired, 1015: token invalid, 1014/1020: query invalid.
  const kind =
    code === "1012" || code === "1015"
      ? "unauthorized"
      : code === "1014" || code === "1020"
        ? "bad_query"
        : "broker_error";
  // Without IB's own error code, the HTTP status stands in for it.
  return new BrokerSyncError(
    kind,
    notice(step, { broker: "Interactive Brokers", brokerCode: code || String(status), detail: message }),
  );
}

/** The statement's activities, plus the positions and cash it reports (OpenPosition, CashReportCurrency). */
function toBatch(parsed: ParseResult, xml: string): SyncBatch {
  const positions: BrokerPosition[] = [];
  const cash: { currency: string; amount: string }[] = [];
  let accountRef = parsed.accountRefs?.[0] ?? "";
  for (const tag of xmlTags(xml)) {
    if (tag.end) continue;
    if (tag.name === "FlexStatement" && tag.attrs.accountId && !accountRef) accountRef = tag.attrs.accountId;
    if (tag.name === "OpenPosition" && tag.attrs.symbol && tag.attrs.position) {
      // Summary rows only (levelOfDetail SUMMARY, or none in older schemas); lots would double count.
      if (tag.attrs.levelOfDetail && tag.attrs.levelOfDetail !== "SUMMARY") continue;
      positions.push({
        symbol: tag.attrs.symbol,
        quantity: tag.attrs.position,
        averageCost: tag.attrs.costBasisPrice || undefined,
        currency: tag.attrs.currency ?? "",
      });
    }
    if (
      tag.name === "CashReportCurrency" &&
      tag.attrs.currency &&
      tag.attrs.currency !== "BASE_SUMMARY" &&
      tag.attrs.endingCash
    )
      cash.push({ currency: tag.attrs.currency, amount: tag.attrs.endingCash });
  }
  // Rows without an IB transaction id are matched again by content (the import's fingerprint).
  return {
    accountRef,
    baseCurrency: parsed.baseCurrency,
    activities: parsed.activities,
    positions,
    cash,
    errors: parsed.errors,
    ignored: parsed.ignored,
  };
}
