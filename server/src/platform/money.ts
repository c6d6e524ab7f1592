// Money: a decimal amount with its currency. Never a float: amounts are decimal.js values in code,
// `numeric` in SQL and strings in JSON. Arithmetic is exact; rounding happens only when asked, to the
// currency's minor unit (ISO 4217: KRW and JPY have none, USD two, KWD three).
import { Decimal as BaseDecimal } from "decimal.js";
import { ValidationError } from "./errors.ts";

/** Our own Decimal constructor: 40 significant digits, never exponent notation in strings. */
export const Decimal = BaseDecimal.clone({ precision: 40, toExpNeg: -40, toExpPos: 40 });
export type Decimal = InstanceType<typeof Decimal>;

/** ISO 4217 currencies whose minor unit is not two digits (the rest, and unknown codes, use two). */
const MINOR_UNIT_EXCEPTIONS: Record<string, number> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

const CURRENCY = /^[A-Z]{3}$/;

/** Digits after the decimal point of the currency's minor unit (KRW 0, USD 2, KWD 3). */
export function minorUnits(currency: string): number {
  return MINOR_UNIT_EXCEPTIONS[currency] ?? 2;
}

/**
 * How to round to the minor unit. `half-even` (banker's rounding, the default: no drift over many
 * roundings), `half-up` (what most receipts show), `down` (toward zero: what a broker pays out) and
 * `up` (away from zero: what a broker charges).
 */
export type Rounding = "half-even" | "half-up" | "down" | "up";
const ROUNDING: Record<Rounding, BaseDecimal.Rounding> = {
  "half-even": Decimal.ROUND_HALF_EVEN,
  "half-up": Decimal.ROUND_HALF_UP,
  down: Decimal.ROUND_DOWN,
  up: Decimal.ROUND_UP,
};

export type AmountLike = Decimal | string | number | bigint;

function toDecimal(value: AmountLike, field: string): Decimal {
  if (typeof value === "number" && !Number.isFinite(value))
    throw new ValidationError("must be a finite number", field);
  if (typeof value === "string" && !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(value.trim()))
    throw new ValidationError(`"${value.slice(0, 40)}" is not a decimal number`, field);
  // A number goes through its shortest string form, so 0.1 means 0.1, not 0.1000000000000000055…
  const d = new Decimal(
    typeof value === "bigint" ? value.toString() : value instanceof Decimal ? value : String(value).trim(),
  );
  if (!d.isFinite()) throw new ValidationError("must be a finite number", field);
  return d;
}

function checkCurrency(currency: string, field: string): string {
  if (!CURRENCY.test(currency))
    throw new ValidationError("must be a three-letter ISO 4217 code, e.g. USD", field);
  return currency;
}

/** The JSON form of money: the amount as a decimal string, and the currency. */
export interface MoneyJson {
  amount: string;
  currency: string;
}

export class Money {
  readonly amount: Decimal;
  readonly currency: string;

  private constructor(amount: Decimal, currency: string) {
    this.amount = amount;
    this.currency = currency;
  }

  /** Money from an amount (a decimal string is best) and an ISO 4217 code; `field` names it in errors. */
  static of(amount: AmountLike, currency: string, field = "amount"): Money {
    return new Money(toDecimal(amount, field), checkCurrency(currency, `${field}.currency`));
  }

  static zero(currency: string): Money {
    return Money.of(0, currency);
  }

  /** Money from an integer count of minor units (cents, won): 12345 USD → 123.45. */
  static fromMinor(units: bigint | number, currency: string): Money {
    if (typeof units === "number" && !Number.isSafeInteger(units))
      throw new ValidationError("must be a whole number of minor units", "amount");
    return Money.of(new Decimal(units.toString()).div(10 ** minorUnits(currency)), currency);
  }

  /** Parses `{ amount, currency }` from JSON; errors name `field`. */
  static fromJSON(json: unknown, field = "amount"): Money {
    const o = json as Partial<MoneyJson> | null;
    if (!o || typeof o !== "object") throw new ValidationError("must be { amount, currency }", field);
    if (typeof o.amount !== "string")
      throw new ValidationError("must be a decimal string", `${field}.amount`);
    if (typeof o.currency !== "string")
      throw new ValidationError("must be a currency code", `${field}.currency`);
    return Money.of(o.amount, o.currency, field);
  }

  /** Sum of several amounts in one currency (zero for none). */
  static sum(items: readonly Money[], currency: string): Money {
    return items.reduce((acc, m) => acc.plus(m), Money.zero(currency));
  }

  private same(other: Money): void {
    if (other.currency !== this.currency)
      throw new ValidationError(`cannot combine ${this.currency} with ${other.currency}; convert first`);
  }

  plus(other: Money): Money {
    this.same(other);
    return new Money(this.amount.plus(other.amount), this.currency);
  }
  minus(other: Money): Money {
    this.same(other);
    return new Money(this.amount.minus(other.amount), this.currency);
  }
  /** Multiplies by a quantity, price or factor (exact; round afterwards if needed). */
  times(factor: AmountLike): Money {
    return new Money(this.amount.times(toDecimal(factor, "factor")), this.currency);
  }
  /** Divides by a quantity or factor, to 40 significant digits. */
  div(divisor: AmountLike): Money {
    const d = toDecimal(divisor, "divisor");
    if (d.isZero()) throw new ValidationError("cannot divide money by zero", "divisor");
    return new Money(this.amount.div(d), this.currency);
  }
  neg(): Money {
    return new Money(this.amount.neg(), this.currency);
  }
  abs(): Money {
    return new Money(this.amount.abs(), this.currency);
  }

  isZero(): boolean {
    return this.amount.isZero();
  }
  isNegative(): boolean {
    return this.amount.isNegative() && !this.amount.isZero();
  }
  /** -1, 0 or 1. */
  compare(other: Money): number {
    this.same(other);
    return this.amount.comparedTo(other.amount);
  }
  equals(other: Money): boolean {
    return this.currency === other.currency && this.amount.equals(other.amount);
  }

  /** Rounded to the currency's minor unit (or `places`). */
  round(rounding: Rounding = "half-even", places = minorUnits(this.currency)): Money {
    return new Money(this.amount.toDecimalPlaces(places, ROUNDING[rounding]), this.currency);
  }

  /** The amount in minor units, rounded first: 123.455 USD → 12346n (half-even: 12346n). */
  toMinor(rounding: Rounding = "half-even"): bigint {
    const places = minorUnits(this.currency);
    return BigInt(
      this.amount
        .toDecimalPlaces(places, ROUNDING[rounding])
        .times(10 ** places)
        .toFixed(0),
    );
  }

  /**
   * Converts at a stated rate: `rate` units of `to` per one unit of this currency (e.g. USD→KRW 1350.5).
   * Exact; round the result when it is to be booked.
   */
  convert(to: string, rate: AmountLike): Money {
    const r = toDecimal(rate, "rate");
    if (r.lte(0)) throw new ValidationError("must be positive", "rate");
    return new Money(this.amount.times(r), checkCurrency(to, "currency"));
  }

  /**
   * Splits into parts proportional to `ratios`, in whole minor units, so that the parts add up exactly
   * to the rounded amount (the leftover units go to the largest remainders, earliest first).
   */
  allocate(ratios: readonly AmountLike[], rounding: Rounding = "half-even"): Money[] {
    const weights = ratios.map((r, i) => toDecimal(r, `ratios.${i}`));
    if (weights.length === 0 || weights.some((w) => w.isNegative()))
      throw new ValidationError("must be one or more non-negative numbers", "ratios");
    const total = weights.reduce((a, w) => a.plus(w), new Decimal(0));
    if (total.isZero()) throw new ValidationError("must not all be zero", "ratios");
    const places = minorUnits(this.currency);
    const units = this.toMinor(rounding);
    const sign = units < 0n ? -1n : 1n;
    const whole = units * sign;
    const exact = weights.map((w) => new Decimal(whole.toString()).times(w).div(total));
    const parts = exact.map((e) => BigInt(e.floor().toFixed(0)));
    let left = whole - parts.reduce((a, b) => a + b, 0n);
    const order = exact
      .map((e, i) => ({ i, rest: e.minus(e.floor()) }))
      .sort((a, b) => b.rest.comparedTo(a.rest) || a.i - b.i);
    for (let k = 0; left > 0n; k = (k + 1) % order.length, left--) parts[order[k].i] += 1n;
    const scale = new Decimal(10).pow(places);
    return parts.map((p) => new Money(new Decimal((p * sign).toString()).div(scale), this.currency));
  }

  /** The amount as a plain decimal string (no exponent), exactly as held. */
  toAmountString(): string {
    return this.amount.toFixed();
  }
  toJSON(): MoneyJson {
    return { amount: this.toAmountString(), currency: this.currency };
  }
  toString(): string {
    return `${this.toAmountString()} ${this.currency}`;
  }
}
