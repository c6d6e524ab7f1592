// Payload shape checks: a wrong shape becomes a ProviderError naming the provider and the field.
import type { z } from "zod";
import { type ProviderBar, ProviderError } from "./types.ts";

/** Parses `value` with `schema`, or throws "<provider>: malformed payload: field <path>: <problem>". */
export function expectShape<S extends z.ZodType>(provider: string, schema: S, value: unknown): z.infer<S> {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = issue?.path.length ? issue.path.map(String).join(".") : "(root)";
  throw new ProviderError(provider, `malformed payload: field ${path}: ${issue?.message ?? "invalid"}`);
}

/** "76,600" → 76600; "" / "-" → null; anything else unparseable → ProviderError naming the field. */
export function commaNumber(provider: string, field: string, s: string): number | null {
  const t = s.trim();
  if (t === "" || t === "-") return null;
  const v = Number(t.replaceAll(",", ""));
  if (!Number.isFinite(v))
    throw new ProviderError(provider, `malformed payload: field ${field}: "${s}" is not a number`);
  return v;
}

/** Ms of 00:00 UTC on an ISO date (YYYY-MM-DD), or NaN. */
export function dateMs(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return Number.NaN;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return new Date(ms).toISOString().slice(0, 10) === iso ? ms : Number.NaN;
}

export const isoDate = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Adds days to an ISO date. */
export const addDays = (iso: string, days: number): string => isoDate(dateMs(iso) + days * 86_400_000);

/**
 * Rejects bars a provider should never send: non-finite prices, high below low or below open/close,
 * low above open/close, non-positive prices, negative volume. The error names the bar's time and field.
 */
export function checkBars(provider: string, bars: ProviderBar[]): ProviderBar[] {
  for (const b of bars) {
    const at = new Date(b.ts).toISOString();
    for (const f of ["open", "high", "low", "close"] as const) {
      if (!Number.isFinite(b[f]) || b[f] <= 0)
        throw new ProviderError(
          provider,
          `malformed payload: bar ${at} field ${f}: ${b[f]} is not a positive number`,
        );
    }
    if (b.high < Math.max(b.open, b.close, b.low) || b.low > Math.min(b.open, b.close))
      throw new ProviderError(
        provider,
        `malformed payload: bar ${at} field high/low: range ${b.low}..${b.high} excludes open ${b.open} or close ${b.close}`,
      );
    if (b.volume !== null && !(b.volume >= 0))
      throw new ProviderError(
        provider,
        `malformed payload: bar ${at} field volume: ${b.volume} is negative or not a number`,
      );
  }
  return bars.sort((a, b) => a.ts - b.ts);
}

/** Minimal RFC-4180 line split (quotes, doubled quotes); enough for provider CSV downloads. */
export function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      out.push(cur);
      cur = "";
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
