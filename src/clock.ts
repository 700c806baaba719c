import type { AbortSignalLike } from "./abortable";
import { abortableSleep } from "./abortable";

/** Time and randomness come in through one small injectable interface, so tests run on fake time and seeds. */
export interface Clock {
  /** Milliseconds on a monotonic scale, for durations. */
  now(): number;
  /** Milliseconds since the epoch, to compare with HTTP-date `Retry-After` hints. */
  epochMs(): number;
  /** A number in [0, 1). */
  random(): number;
  /**
   * Waits `ms` milliseconds on this clock (backoffs, the rate limiter's pacing, partial re-send waits).
   * When `signal` aborts, a sleep should end its wait (rejecting with an AbortError) and leave no timer
   * behind. One that ignores the signal still works: callers race it against the signal.
   */
  sleep(ms: number, signal?: AbortSignalLike): Promise<void>;
}

/** The real clock: `performance.now()`, `Date.now()`, `Math.random()` and a `setTimeout` cleared on abort. */
export const systemClock: Clock = {
  now: () => performance.now(),
  epochMs: () => Date.now(),
  random: () => Math.random(),
  sleep: abortableSleep,
};
