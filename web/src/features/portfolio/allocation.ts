// Allocation slices: values grouped by a key (asset class, currency, account, instrument), largest
// first, the small tail folded into "other", each with its share of the total. Values are decimal
// strings; sums and shares are display figures for a chart, so they are computed in cents of the
// answer's currency as integers (BigInt) — no float sums of money.

export interface Slice {
  key: string;
  label: string;
  /** Sum of the group's values, as a decimal string. */
  value: string;
  /** Share of the whole, 0..1 (for drawing and the percentage shown). */
  share: number;
}

/** A decimal string as an integer count of 1/10^scale units (truncating beyond `scale`). */
export function toUnits(v: string, scale = 4): bigint {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(v.trim());
  if (!m) return 0n;
  const [, sign, int = "", frac = ""] = m;
  const digits = `${int || "0"}${frac.padEnd(scale, "0").slice(0, scale)}`;
  const n = BigInt(digits);
  return sign === "-" ? -n : n;
}

export function fromUnits(n: bigint, scale = 4): string {
  const neg = n < 0n;
  const s = (neg ? -n : n).toString().padStart(scale + 1, "0");
  const int = s.slice(0, s.length - scale);
  const frac = s.slice(s.length - scale).replace(/0+$/, "");
  return `${neg ? "-" : ""}${int}${frac ? `.${frac}` : ""}`;
}

/**
 * Groups `items` by key and sums their values; negative groups (a short, an overdraft) are left
 * out of the chart since a share of a whole cannot be negative. At most `max` slices: the rest in one
 * slice keyed "other".
 */
export function slices(
  items: { key: string; label: string; value: string | null }[],
  max = 6,
  otherLabel = "Other",
): Slice[] {
  const groups = new Map<string, { label: string; units: bigint }>();
  for (const i of items) {
    if (i.value === null) continue;
    const g = groups.get(i.key) ?? { label: i.label, units: 0n };
    g.units += toUnits(i.value);
    groups.set(i.key, g);
  }
  const list = [...groups.entries()]
    .filter(([, g]) => g.units > 0n)
    .sort((a, b) => (b[1].units > a[1].units ? 1 : b[1].units < a[1].units ? -1 : a[0].localeCompare(b[0])));
  const head = list.length > max ? list.slice(0, max - 1) : list;
  const tail = list.length > max ? list.slice(max - 1) : [];
  const total = list.reduce((s, [, g]) => s + g.units, 0n);
  if (total === 0n) return [];
  const out = head.map(([key, g]) => ({ key, label: g.label, units: g.units }));
  if (tail.length)
    out.push({ key: "other", label: otherLabel, units: tail.reduce((s, [, g]) => s + g.units, 0n) });
  // Shares to 1/10000 from integers; the display rounds them.
  return out.map((s) => ({
    key: s.key,
    label: s.label,
    value: fromUnits(s.units),
    share: Number((s.units * 10_000n) / total) / 10_000,
  }));
}
