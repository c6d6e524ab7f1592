// Trade statistics a journal shows, from the P&L of closed round-trip trades (in money or in %).

/** Summary statistics of a list of closed-trade P&Ls. */
export interface TradeStatistics {
  /** Number of trades (wins + losses + breakevens). */
  count: number;
  wins: number;
  losses: number;
  /** wins / count (breakevens count as neither win nor loss). */
  winRate: number;
  /** Sum of winning P&L. */
  grossProfit: number;
  /** Sum of losing P&L as a positive number. */
  grossLoss: number;
  /** Net P&L (Σ pnl). */
  netProfit: number;
  /** grossProfit / grossLoss (Infinity with no losses, NaN with no trades). */
  profitFactor: number;
  /** Mean P&L per trade = winRate·avgWin − lossRate·avgLoss. */
  expectancy: number;
  /** Mean winning P&L (NaN with no wins). */
  averageWin: number;
  /** Mean losing P&L as a positive number (NaN with no losses). */
  averageLoss: number;
  /** averageWin / averageLoss. */
  payoffRatio: number;
  /** Van Tharp's system quality number √n·mean(pnl)/sd(pnl) (sample SD, n = all trades, uncapped). */
  sqn: number;
  largestWin: number;
  largestLoss: number;
  maxConsecutiveWins: number;
  maxConsecutiveLosses: number;
}

/**
 * Trade statistics over closed-trade P&Ls in chronological order. A P&L of exactly 0 is a breakeven:
 * it counts in `count` and breaks win and loss streaks. Formulas are in {@link TradeStatistics}.
 */
export function tradeStatistics(pnl: ArrayLike<number>): TradeStatistics {
  const n = pnl.length;
  let wins = 0;
  let losses = 0;
  let gp = 0;
  let gl = 0;
  let largestWin = 0;
  let largestLoss = 0;
  let runW = 0;
  let runL = 0;
  let maxW = 0;
  let maxL = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = pnl[i];
    sum += p;
    if (p > 0) {
      wins++;
      gp += p;
      if (p > largestWin) largestWin = p;
      runW++;
      runL = 0;
    } else if (p < 0) {
      losses++;
      gl -= p;
      if (-p > largestLoss) largestLoss = -p;
      runL++;
      runW = 0;
    } else {
      runW = 0;
      runL = 0;
    }
    if (runW > maxW) maxW = runW;
    if (runL > maxL) maxL = runL;
  }
  const m = n ? sum / n : Number.NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (pnl[i] - m) ** 2;
  const sd = n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN;
  const averageWin = wins ? gp / wins : Number.NaN;
  const averageLoss = losses ? gl / losses : Number.NaN;
  return {
    count: n,
    wins,
    losses,
    winRate: n ? wins / n : Number.NaN,
    grossProfit: gp,
    grossLoss: gl,
    netProfit: sum,
    profitFactor:
      n === 0 ? Number.NaN : gl === 0 ? (gp > 0 ? Number.POSITIVE_INFINITY : Number.NaN) : gp / gl,
    expectancy: m,
    averageWin,
    averageLoss,
    payoffRatio: averageWin / averageLoss,
    sqn: (Math.sqrt(n) * m) / sd,
    largestWin: wins ? largestWin : Number.NaN,
    largestLoss: losses ? largestLoss : Number.NaN,
    maxConsecutiveWins: maxW,
    maxConsecutiveLosses: maxL,
  };
}
