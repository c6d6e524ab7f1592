// `bullpen fetch bars|fx`: the admin fetch verb for the operator at the console (works inline).
import type { Ctx } from "../../../platform/context.ts";
import { runView } from "./routes.ts";
import { type RequestFetchInput, requestFetch } from "./service.ts";
import type { BarInterval } from "./types.ts";

export interface FetchCliOptions {
  provider: string;
  symbol?: string;
  mic?: string;
  country?: string;
  market?: string;
  from: string;
  to?: string;
  interval?: string;
  location?: string;
  backfill?: boolean;
  json?: boolean;
}

/**
 * Fetches bars (or FX with provider frankfurter) now and describes the finished run in one line (or
 * JSON). Returns the text and whether the run failed, so the caller can exit non-zero.
 */
export async function fetchCli(ctx: Ctx, o: FetchCliOptions): Promise<{ text: string; failed: boolean }> {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  const input: RequestFetchInput = {
    provider: o.provider as RequestFetchInput["provider"],
    kind: o.provider === "frankfurter" ? "fx" : o.backfill ? "backfill" : "fetch",
    symbol: o.symbol,
    mic: o.mic?.toUpperCase(),
    country: o.country?.toUpperCase(),
    market: o.market,
    from: o.from,
    to: o.to ?? today,
    interval: (o.interval ?? "1d") as BarInterval,
    location: o.location,
    mode: "run",
  };
  const run = await requestFetch({ ctx, input });
  const failed = run.status === "failed";
  if (o.json) return { text: JSON.stringify(runView(run), null, 2), failed };
  const where = o.mic ?? o.country ?? o.market;
  const what =
    input.kind === "fx"
      ? "FX rates"
      : `${o.symbol ?? "all active instruments"}${where ? `/${where}` : ""} ${input.interval}`;
  const head = `${o.provider} ${what} ${input.from}..${input.to}: ${run.status}, ${run.recordsWritten} rows added, ${run.done}/${run.total} done (run ${run.id})`;
  return { text: run.error ? `${head}\n${run.error}` : head, failed };
}
