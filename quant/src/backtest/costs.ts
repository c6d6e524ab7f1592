// Commission and slippage models as plain data (serialisable), shared by the backtest engines and
// paper trading. All amounts are in account currency; quantities are positive.

/**
 * Commission model:
 * - `perShare`: rate × quantity, clamped to [min, max] per fill (max as a fraction of notional when `maxPct`).
 * - `bps`: notional × bps / 10,000, at least `min`.
 * - `tiered`: marginal basis points on the fill's notional: tiers `[{ upTo, bps }]` in increasing `upTo`
 *   (the last tier may use `upTo: Infinity`), at least `min`.
 * Every model adds `fixed` per fill (a flat ticket fee; default 0).
 */
export type CommissionModel =
  | { kind: "none"; fixed?: number }
  | { kind: "perShare"; rate: number; min?: number; maxPct?: number; fixed?: number }
  | { kind: "bps"; bps: number; min?: number; fixed?: number }
  | { kind: "tiered"; tiers: { upTo: number; bps: number }[]; min?: number; fixed?: number };

/** Commission charged for one fill of `quantity` units at `price` under `model` (see {@link CommissionModel}). */
export function commissionFor(model: CommissionModel, quantity: number, price: number): number {
  const q = Math.abs(quantity);
  const notional = q * price;
  let c = 0;
  switch (model.kind) {
    case "none":
      break;
    case "perShare": {
      c = model.rate * q;
      if (model.min !== undefined && c < model.min) c = model.min;
      if (model.maxPct !== undefined && c > model.maxPct * notional) c = model.maxPct * notional;
      break;
    }
    case "bps":
      c = (notional * model.bps) / 10_000;
      if (model.min !== undefined && c < model.min) c = model.min;
      break;
    case "tiered": {
      let lower = 0;
      for (const tier of model.tiers) {
        if (notional <= lower) break;
        const slice = Math.min(notional, tier.upTo) - lower;
        c += (slice * tier.bps) / 10_000;
        lower = tier.upTo;
      }
      if (model.min !== undefined && c < model.min) c = model.min;
      break;
    }
  }
  return c + (model.fixed ?? 0);
}

/**
 * Slippage model, applied to fills that take liquidity (market, stop and trailing-stop fills; a
 * triggered stop-limit too, capped at its limit). Limit fills execute at their price, unslipped.
 * - `bps`: price × (1 ± bps/10,000); `fixed`: price ± amount per unit;
 * - `volumeImpact`: square-root impact, price × (1 ± k·√(quantity / bar volume)).
 * "±" is against the trader: buys pay more, sells receive less.
 */
export type SlippageModel =
  | { kind: "none" }
  | { kind: "bps"; bps: number }
  | { kind: "fixed"; amount: number }
  | { kind: "volumeImpact"; k: number };

/** Execution price after slippage for a fill of `quantity` at reference `price`; `side` +1 buy, −1 sell. */
export function slippedPrice(
  model: SlippageModel,
  side: 1 | -1,
  price: number,
  quantity: number,
  barVolume: number,
): number {
  switch (model.kind) {
    case "none":
      return price;
    case "bps":
      return price * (1 + (side * model.bps) / 10_000);
    case "fixed":
      return price + side * model.amount;
    case "volumeImpact":
      return barVolume > 0 ? price * (1 + side * model.k * Math.sqrt(Math.abs(quantity) / barVolume)) : price;
  }
}
