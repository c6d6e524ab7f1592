// Backward price adjustment from corporate actions (CRSP convention). Pure code.

export interface ActionForAdjustment {
  actionType: string;
  exDate: string; // YYYY-MM-DD
  splitTo: string | null;
  splitFrom: string | null;
  amount: string | null;
  /** Unadjusted close of the last session before the ex-date (needed for dividends). */
  prevClose: number | null;
}

export interface ActionFactor {
  exDate: string;
  /** Multiplies prices of bars dated before exDate. */
  priceFactor: number;
  /** Multiplies volumes of bars dated before exDate. */
  volumeFactor: number;
  /** Why a dividend could not be applied (no earlier close), else null. */
  skipped: string | null;
}

/**
 * Per-action factors. Split n-for-m (split_to = n, split_from = m): prices × m/n, volumes × n/m.
 * Cash dividend D with previous close P: prices × (1 − D/P) (CRSP's dividend adjustment), volumes × 1.
 * Symbol changes do not adjust. A dividend with no earlier close, or D ≥ P, is skipped and says so.
 */
export function actionFactor(a: ActionForAdjustment): ActionFactor {
  if (a.actionType === "split") {
    const to = Number(a.splitTo);
    const from = Number(a.splitFrom);
    return { exDate: a.exDate, priceFactor: from / to, volumeFactor: to / from, skipped: null };
  }
  if (a.actionType === "dividend") {
    const d = Number(a.amount);
    if (a.prevClose === null || !(a.prevClose > 0))
      return { exDate: a.exDate, priceFactor: 1, volumeFactor: 1, skipped: "no close before the ex-date" };
    if (d >= a.prevClose)
      return {
        exDate: a.exDate,
        priceFactor: 1,
        volumeFactor: 1,
        skipped: "dividend not below the previous close",
      };
    return { exDate: a.exDate, priceFactor: 1 - d / a.prevClose, volumeFactor: 1, skipped: null };
  }
  return { exDate: a.exDate, priceFactor: 1, volumeFactor: 1, skipped: null };
}

/**
 * The cumulative factors as a step function of the trading date: `price[k]` and `volume[k]` apply
 * to dates on or after `exDates[k - 1]` and before `exDates[k]` (ascending ex-dates; index 0 before
 * the first, the last index, 1, from the latest on). Lets SQL adjust bars before it aggregates them.
 */
export interface FactorSteps {
  exDates: string[];
  price: number[];
  volume: number[];
}

export function factorSteps(actions: readonly ActionForAdjustment[]): FactorSteps {
  const f = actions
    .map(actionFactor)
    .sort((a, b) => (a.exDate < b.exDate ? -1 : a.exDate > b.exDate ? 1 : 0));
  // suffix products: price[i] = product of the factors of f[i..]
  const price = new Array<number>(f.length + 1).fill(1);
  const volume = new Array<number>(f.length + 1).fill(1);
  for (let i = f.length - 1; i >= 0; i--) {
    price[i] = (price[i + 1] as number) * (f[i] as ActionFactor).priceFactor;
    volume[i] = (volume[i + 1] as number) * (f[i] as ActionFactor).volumeFactor;
  }
  return { exDates: f.map((a) => a.exDate), price, volume };
}

/**
 * Cumulative factors for bars on the given trading dates (ascending or not): the product of the
 * factors of every action whose ex-date is after the bar's date. The latest bars get 1, so adjusted
 * prices are in today's terms (backward adjustment).
 */
export function cumulativeFactors(
  dates: readonly string[],
  actions: readonly ActionForAdjustment[],
): { price: Float64Array; volume: Float64Array } {
  const steps = factorSteps(actions);
  const price = new Float64Array(dates.length);
  const volume = new Float64Array(dates.length);
  for (let k = 0; k < dates.length; k++) {
    const d = dates[k] as string;
    // first action with exDate > d (binary search)
    let lo = 0;
    let hi = steps.exDates.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((steps.exDates[mid] as string) > d) hi = mid;
      else lo = mid + 1;
    }
    price[k] = steps.price[lo] as number;
    volume[k] = steps.volume[lo] as number;
  }
  return { price, volume };
}
