// Instrument matching: which instrument each activity of a file means. Every distinct way the file
// names an instrument is looked up once, in bulk (a 50,000-row file names a few hundred), in this
// order: the user's explicit choice for this import, the ISIN, the symbol with its venue (MIC, or the
// venue's country, or the currency when the symbol alone names several), the name, and last the
// aliases the user mapped once before (portfolio.symbol_aliases).
import type { Db } from "../../../platform/db/index.ts";
import { ValidationError } from "../../../platform/errors.ts";
import { VENUES } from "../../market/index.ts";
import type { ParsedActivity } from "./parsers/types.ts";
import * as repo from "./repository.ts";

export type MatchedBy = "mapping" | "isin" | "symbol" | "name" | "alias" | "created";

export interface Match {
  instrumentId: string;
  /** The instrument's trading currency (the default for rows that name none). */
  currency: string;
  by: MatchedBy;
}

/** A way the file names an instrument that matched nothing. */
export interface Unmatched {
  /** instrumentKey() of the activities it stands for. */
  key: string;
  alias: string;
  symbol: string | null;
  isin: string | null;
  mic: string | null;
  name: string | null;
  currency: string | null;
  assetClass: string | null;
  rows: number;
  reason: string;
}

type Named = Pick<ParsedActivity, "symbol" | "isin" | "mic" | "name" | "currency" | "assetClass">;

const clean = (s: string | undefined) => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** The key a user maps (and the alias remembered): ISIN, else symbol, else name, upper-cased. */
export function aliasOf(a: Named): string | null {
  const k = clean(a.isin) ?? clean(a.symbol) ?? clean(a.name);
  return k ? k.toUpperCase() : null;
}

/** Every alias an activity could be remembered under (its ISIN, symbol and name). */
export function aliasesOf(a: Named): string[] {
  return [clean(a.isin), clean(a.symbol), clean(a.name)]
    .filter((x): x is string => !!x)
    .map((x) => x.toUpperCase());
}

/** Groups activities that name an instrument the same way. */
export function instrumentKey(a: Named): string | null {
  const isin = clean(a.isin)?.toUpperCase();
  const symbol = clean(a.symbol)?.toUpperCase();
  const name = clean(a.name)?.toLowerCase();
  if (!isin && !symbol && !name) return null;
  return [
    isin ?? "",
    symbol ?? "",
    clean(a.mic)?.toUpperCase() ?? "",
    symbol || isin ? "" : (name ?? ""),
    clean(a.currency)?.toUpperCase() ?? "",
  ].join("|");
}

const VENUE_COUNTRY = new Map(VENUES.map((v) => [v.mic, v.country]));
const describe = (h: repo.InstrumentHit) => `${h.symbol} on ${h.mic}`;

/** One candidate, or null with why. Active instruments win over inactive ones. */
function single(hits: repo.InstrumentHit[]): repo.InstrumentHit | null {
  const active = hits.filter((h) => h.active);
  const pool = active.length > 0 ? active : hits;
  return pool.length === 1 ? (pool[0] as repo.InstrumentHit) : null;
}

interface Spec extends Named {
  key: string;
  rows: number;
}

export interface MatchResult {
  /** By instrumentKey(). */
  byKey: Map<string, Match>;
  unmatched: Unmatched[];
}

/**
 * Matches every distinct instrument of `activities`. `mappings` (alias → instrument id, the user's
 * choices) win over everything and must name existing instruments (400 naming the alias otherwise).
 */
export async function matchInstruments(
  db: Db,
  userId: string,
  source: string,
  activities: readonly Named[],
  mappings: Record<string, string> = {},
): Promise<MatchResult> {
  const specs = new Map<string, Spec>();
  for (const a of activities) {
    const key = instrumentKey(a);
    if (!key) continue;
    const s = specs.get(key);
    if (s) s.rows++;
    else specs.set(key, { ...a, key, rows: 1 });
  }
  const byKey = new Map<string, Match>();
  const reasons = new Map<string, string>();
  const open = () => [...specs.values()].filter((s) => !byKey.has(s.key));

  // 1. The user's explicit choices.
  const chosen = new Map(Object.entries(mappings).map(([k, v]) => [k.trim().toUpperCase(), v]));
  if (chosen.size > 0) {
    const hits = new Map(
      (await repo.instrumentsById(db, [...new Set(chosen.values())])).map((h) => [h.id, h]),
    );
    for (const [alias, id] of Object.entries(mappings))
      if (!hits.has(id))
        throw new ValidationError(`no instrument has the id ${id}`, `body.mappings.${alias}`);
    for (const s of open()) {
      const alias = aliasesOf(s).find((k) => chosen.has(k));
      const hit = alias ? hits.get(chosen.get(alias) as string) : undefined;
      if (hit) byKey.set(s.key, { instrumentId: hit.id, currency: hit.currency, by: "mapping" });
    }
  }

  // 2. ISIN.
  const isins = [
    ...new Set(
      open()
        .map((s) => clean(s.isin)?.toUpperCase())
        .filter((x): x is string => !!x),
    ),
  ];
  const byIsin = new Map((await repo.instrumentsByIsin(db, isins)).map((h) => [h.isin as string, h]));
  for (const s of open()) {
    const hit = byIsin.get(clean(s.isin)?.toUpperCase() ?? "");
    if (hit) byKey.set(s.key, { instrumentId: hit.id, currency: hit.currency, by: "isin" });
  }

  // 3. Symbol and venue.
  const symbols = [
    ...new Set(
      open()
        .map((s) => clean(s.symbol)?.toUpperCase())
        .filter((x): x is string => !!x),
    ),
  ];
  const bySymbol = new Map<string, repo.InstrumentHit[]>();
  for (const h of await repo.instrumentsBySymbol(db, symbols)) {
    const k = h.symbol.toUpperCase();
    bySymbol.set(k, [...(bySymbol.get(k) ?? []), h]);
  }
  for (const s of open()) {
    const symbol = clean(s.symbol)?.toUpperCase();
    if (!symbol) continue;
    const all = bySymbol.get(symbol) ?? [];
    if (all.length === 0) continue;
    const mic = clean(s.mic)?.toUpperCase();
    const currency = clean(s.currency)?.toUpperCase();
    let hit: repo.InstrumentHit | null = null;
    if (mic) {
      hit = single(all.filter((h) => h.mic === mic));
      const country = VENUE_COUNTRY.get(mic);
      if (!hit && country) hit = single(all.filter((h) => h.country === country));
    } else {
      hit = single(all);
      if (!hit && currency) hit = single(all.filter((h) => h.currency === currency));
    }
    if (hit) byKey.set(s.key, { instrumentId: hit.id, currency: hit.currency, by: "symbol" });
    else
      reasons.set(
        s.key,
        mic
          ? `${symbol} is not listed on ${mic} (known: ${all.map(describe).join(", ")})`
          : `${symbol} names several instruments (${all.map(describe).join(", ")}): choose one`,
      );
  }

  // 4. Name (or local name), when one instrument has it.
  const names = [
    ...new Set(
      open()
        .map((s) => clean(s.name)?.toLowerCase())
        .filter((x): x is string => !!x),
    ),
  ];
  const byName = new Map<string, repo.InstrumentHit[]>();
  for (const h of await repo.instrumentsByName(db, names))
    for (const n of [h.name, h.nameLocal]) {
      if (!n) continue;
      const k = n.toLowerCase();
      byName.set(k, [...(byName.get(k) ?? []), h]);
    }
  for (const s of open()) {
    const hit = single(byName.get(clean(s.name)?.toLowerCase() ?? "") ?? []);
    if (hit) byKey.set(s.key, { instrumentId: hit.id, currency: hit.currency, by: "name" });
  }

  // 5. What the user mapped on an earlier import (this broker's aliases first, then any source's).
  const wanted = [...new Set(open().flatMap(aliasesOf))];
  const remembered = await repo.findAliases(db, userId, source, wanted);
  if (remembered.length > 0) {
    const ids = [...new Set(remembered.map((r) => r.instrumentId))];
    const hits = new Map((await repo.instrumentsById(db, ids)).map((h) => [h.id, h]));
    const find = (alias: string) =>
      remembered.find((r) => r.alias === alias && r.source === source) ??
      remembered.find((r) => r.alias === alias);
    for (const s of open())
      for (const alias of aliasesOf(s)) {
        const hit = hits.get(find(alias)?.instrumentId ?? "");
        if (hit) {
          byKey.set(s.key, { instrumentId: hit.id, currency: hit.currency, by: "alias" });
          break;
        }
      }
  }

  const unmatched = open().map((s) => ({
    key: s.key,
    alias: aliasOf(s) as string,
    symbol: clean(s.symbol) ?? null,
    isin: clean(s.isin)?.toUpperCase() ?? null,
    mic: clean(s.mic)?.toUpperCase() ?? null,
    name: clean(s.name) ?? null,
    currency: clean(s.currency)?.toUpperCase() ?? null,
    assetClass: clean(s.assetClass) ?? null,
    rows: s.rows,
    reason: reasons.get(s.key) ?? "no instrument has this ISIN, symbol or name",
  }));
  return { byKey, unmatched };
}
