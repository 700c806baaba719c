/** Defaults of the adaptive rate limiter, one place. See DESIGN.md for the numbers behind them. */

/** After a throttle, the rate drops to this fraction of the measured capacity (the accepted rate). */
export const DEFAULT_LIMITER_BETA = 0.9;
/**
 * CUBIC growth constant, relative: the rate moves by `growth * t³` (t in s) around the measured capacity.
 * With beta 0.9 it is back at the capacity 1 s after a decrease, 10% above it at 2 s, 80% above at 3 s.
 */
export const DEFAULT_LIMITER_GROWTH = 0.1;
/**
 * After a decrease, throttles for this long are echoes of earlier sends and do not decrease again; throttles
 * closer together than this belong to one episode of saturation, ms. Stretched to the smoothed response
 * latency when responses report it.
 */
export const DEFAULT_LIMITER_HOLDOFF_MS = 100;
/** The rate never drops below this, requests/s. */
export const DEFAULT_LIMITER_MIN_RATE = 0.5;
/** Depth of the pacing bucket, in ms worth of the current rate (at least one request). */
export const DEFAULT_LIMITER_BURST_MS = 10;
/** The rate never grows above this multiple of the demand (acquisitions/s): an idle client learns nothing. */
export const LIMITER_SEND_RATE_HEADROOM = 2;
/** Shortest span a rate is measured over, ms, so that a burst does not read as a huge rate. */
export const LIMITER_MIN_MEASURE_MS = 100;
/** Window of the demand and accepted-response meters, ms. */
export const LIMITER_WINDOW_MS = 1000;
/** Slots of those windows. */
export const LIMITER_WINDOW_SLOTS = 10;
