/** Defaults of the adaptive rate limiter, one place. See DESIGN.md for the numbers behind them. */

/** After a throttle, the rate drops to this fraction of the measured capacity (the accepted rate). */
export const DEFAULT_LIMITER_BETA = 0.9;
/** CUBIC growth constant, relative: the rate grows by `growth * t³` (t in s) around the measured capacity. */
export const DEFAULT_LIMITER_GROWTH = 0.4;
/**
 * After a decrease, throttles for this long are echoes of earlier sends and do not decrease again; throttles
 * closer together than this belong to one episode of saturation, ms.
 */
export const DEFAULT_LIMITER_HOLDOFF_MS = 100;
/** The rate never drops below this, requests/s. */
export const DEFAULT_LIMITER_MIN_RATE = 0.5;
/** Depth of the pacing bucket, in ms worth of the current rate (at least one request). */
export const DEFAULT_LIMITER_BURST_MS = 50;
/** The rate never grows above this multiple of the measured send rate: an idle client learns nothing. */
export const LIMITER_SEND_RATE_HEADROOM = 2;
/** Shortest span a rate is measured over, ms, so that a start-up burst does not read as a huge rate. */
export const LIMITER_MIN_MEASURE_MS = 100;
/** Window of the demand meter, ms. */
export const LIMITER_WINDOW_MS = 1000;
/** Slots of the demand meter's window. */
export const LIMITER_WINDOW_SLOTS = 10;
