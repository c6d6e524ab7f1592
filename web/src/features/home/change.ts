// Colour and text of a price change: in the Korean UI rising prices are red and falling ones blue
// (the convention of Korean brokerages), elsewhere rising green and falling red. The "-text" colour
// variables keep 4.5:1 contrast in both themes.
export function changeColor(pct: string | number | null | undefined, language: string): string | undefined {
  const x = pct == null ? 0 : Number(pct);
  if (!Number.isFinite(x) || x === 0) return undefined;
  const korean = language === "ko";
  const up = korean ? "red" : "teal";
  const down = korean ? "blue" : "red";
  return `var(--mantine-color-${x > 0 ? up : down}-text)`;
}

/** A percent change with its sign and two decimals, in the UI language ("—" when there is none). */
export function formatPct(pct: string | number | null | undefined, language: string): string {
  if (pct == null || pct === "") return "—";
  const x = Number(pct);
  if (!Number.isFinite(x)) return String(pct);
  const locale = language === "ko" ? "ko-KR" : "en-US";
  const s = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    signDisplay: "exceptZero",
  }).format(x);
  return `${s}%`;
}

/** A price to `decimals` places (the instrument's tick precision), in the UI language. */
export function formatPrice(
  v: string | number | null | undefined,
  decimals: number,
  language: string,
): string {
  if (v == null || v === "") return "—";
  const x = Number(v);
  if (!Number.isFinite(x)) return String(v);
  const d = Math.max(0, Math.min(8, Math.round(decimals)));
  return new Intl.NumberFormat(language === "ko" ? "ko-KR" : "en-US", {
    minimumFractionDigits: d,
    maximumFractionDigits: d,
  }).format(x);
}
