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
