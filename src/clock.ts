/** Time and randomness come in through one small injectable interface, so tests run on fake time and seeds. */
export interface Clock {
  /** Milliseconds on a monotonic scale, for durations. */
  now(): number;
  /** Milliseconds since the epoch, to compare with HTTP-date `Retry-After` hints. */
  epochMs(): number;
  /** A number in [0, 1). */
  random(): number;
  /** Waits `ms` milliseconds on this clock (the rate limiter's pacing, partial re-send backoffs). */
  sleep(ms: number): Promise<void>;
}

/** The real clock: `performance.now()`, `Date.now()`, `Math.random()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
  random: () => Math.random(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};
