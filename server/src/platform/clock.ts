/** Time source; tests inject a fixed or advancing clock instead of touching Date. */
export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
