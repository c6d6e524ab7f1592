// One request to a broker: a timeout, no retries of our own (the sync job retries as a whole), and
// errors worded for the user without the credentials that were sent.
import { notice } from "../../notices/contracts.ts";
import { BrokerSyncError } from "./types.ts";

export interface BrokerResponse {
  status: number;
  text: string;
  headers: Headers;
}

export async function brokerRequest(
  broker: string,
  url: string,
  init: { headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<BrokerResponse> {
  let res: Response;
  try {
    res = await fetch(url, {
      headers: { "user-agent": "Bullpen portfolio sync", ...init.headers },
      signal: AbortSignal.timeout(init.timeoutMs ?? 30_000),
    });
  } catch (err) {
    const timedOut = err instanceof Error && err.name === "TimeoutError";
    throw new BrokerSyncError(
      "unreachable",
      notice(timedOut ? "sync.timedOut" : "sync.unreachable", { broker, host: new URL(url).host }),
    );
  }
  return { status: res.status, text: await res.text(), headers: res.headers };
}
