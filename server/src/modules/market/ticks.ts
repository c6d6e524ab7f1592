// Tick sizes and the precision prices are shown with: one rule the API hands to every client.

/**
 * KRX tick size (호가가격단위) of a price in KRW, the unified KOSPI/KOSDAQ table in force since
 * 2023-01-25: under 2,000 → 1; 2,000 → 5; 5,000 → 10; 20,000 → 50; 50,000 → 100; 200,000 → 500;
 * 500,000 and up → 1,000.
 */
export function krxTickSize(price: number): number {
  if (price < 2_000) return 1;
  if (price < 5_000) return 5;
  if (price < 20_000) return 10;
  if (price < 50_000) return 50;
  if (price < 200_000) return 100;
  if (price < 500_000) return 500;
  return 1_000;
}

/** Decimals of a tick written as a decimal string or number ("0.0001" → 4, "1" → 0). */
export function decimalsOf(tick: string | number): number {
  const s = typeof tick === "number" ? String(tick) : tick.trim();
  const exp = /e-(\d+)$/i.exec(s);
  if (exp) return Number(exp[1]);
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.slice(dot + 1).replace(/0+$/, "").length;
}

/** Currencies whose prices trade in whole units. */
const WHOLE_UNITS = new Set(["KRW", "JPY", "VND", "IDR", "CLP", "ISK", "HUF", "TWD"]);

/**
 * How many decimals a price of the instrument is shown with: a pair's pip (EURUSD 0.0001 → 4,
 * USDKRW 0.01 → 2), whole units for KRW and JPY listings, else 2 (cents).
 */
export function priceDecimals(i: { currency: string; assetClass: string; pipValue: string | null }): number {
  if (i.pipValue && Number(i.pipValue) > 0) return Math.min(8, decimalsOf(i.pipValue));
  if (i.assetClass !== "fx" && i.assetClass !== "crypto" && WHOLE_UNITS.has(i.currency)) return 0;
  return 2;
}
