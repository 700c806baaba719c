import type { Clock } from "../clock";

/**
 * Tuning of the adaptive rate limiter (see rateLimiter/DESIGN.md). No public option reaches it, since
 * `rateLimiter` is `"adaptive" | false`: tests and simulations set it.
 */
export interface AdaptiveRateLimiterOptions {
  /** After a throttle, the rate drops to `beta` × the measured capacity. In (0, 1). Default `DEFAULT_LIMITER_BETA` (constants.ts). */
  beta?: number;
  /** Relative CUBIC growth per s³ after a decrease. > 0. Default `DEFAULT_LIMITER_GROWTH` (constants.ts). */
  growth?: number;
  /** Throttles this soon after a decrease do not decrease again, ms. ≥ 0. Default `DEFAULT_LIMITER_HOLDOFF_MS` (constants.ts). */
  holdoffMs?: number;
  /**
   * Floor of the rate, requests/s. ≥ 1000 / (2^31 − 1), so that the longest pacing wait, 1000 / minRate ms,
   * fits a timer. Default `DEFAULT_LIMITER_MIN_RATE` (constants.ts).
   */
  minRate?: number;
  /** Depth of the pacing bucket, in ms worth of the current rate (at least one request). ≥ 0. Default `DEFAULT_LIMITER_BURST_MS` (constants.ts). */
  burstMs?: number;
  /**
   * How long a best capacity measured is remembered, ms, for a quick return to it after a drop (see
   * DESIGN.md). 0: none, the rate returns by CUBIC's curve alone. Default `LIMITER_BEST_MEMORY_MS`.
   */
  bestMemoryMs?: number;
  /** Time source. Default the system clock's `now` (`performance.now()`). */
  clock?: Pick<Clock, "now">;
  /**
   * How to wait `ms` milliseconds. The limiter aborts `signal` when no caller is left waiting, so that its
   * pacing timer does not outlive them. Default the system clock's `sleep`, a `setTimeout` cleared on abort.
   */
  sleep?: Clock["sleep"];
}

/** Limiter options with every default filled in. */
export type ResolvedLimiterOptions = Required<AdaptiveRateLimiterOptions>;
