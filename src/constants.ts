/** Every default of the library, one place. A change of defaults is a diff of this file and a changelog line. */

/** Total attempts including the first. */
export const DEFAULT_MAX_ATTEMPTS = 3;
/** Base backoff delay for transient errors, ms (the SDK's 2026 value). */
export const DEFAULT_BASE_DELAY_MS = 50;
/** Base backoff delay for throttling errors, ms (the SDK's 2026 value). */
export const DEFAULT_THROTTLING_BASE_DELAY_MS = 1000;
/**
 * Base backoff after throttling while the rate limiter paces the quota, ms (capped by throttlingBaseMs).
 * Chosen with the bench's throttled scenario (300 rps, 64 callers): 50 ms left ~2% of calls out of
 * attempts and 250 ms ~0.1%; 500 ms kept 100% success at ~303 calls/s, where 1000 ms dipped to 269/s.
 */
export const PACED_THROTTLING_BASE_MS = 500;
/** Ceiling of any computed backoff delay, ms. */
export const DEFAULT_MAX_DELAY_MS = 20_000;
/** Default jitter mode. */
export const DEFAULT_JITTER = "full" as const;
/** Cap applied to `Retry-After` / `x-amz-retry-after` hints, ms. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 20_000;
/** Tokens in a full retry budget (the SDK's INITIAL_RETRY_TOKENS). */
export const DEFAULT_BUDGET_CAPACITY = 500;
/** Tokens one retry after a non-throttling error costs (the SDK's RETRY_COST). */
export const DEFAULT_BUDGET_RETRY_COST = 14;
/** Tokens one retry after a throttling error costs. */
export const DEFAULT_BUDGET_THROTTLING_COST = 5;
/** Tokens a success without retries gives back (the SDK's NO_RETRY_INCREMENT). */
export const BUDGET_SUCCESS_REFUND = 1;
/** Circuit breaker: failed attempts in a row that open it: a dead service, not a degraded one (docs/breaker.md). */
export const DEFAULT_BREAKER_CONSECUTIVE_FAILURES = 75;
/** Circuit breaker: the window of the recent attempts and failures a snapshot reports, ms. */
export const BREAKER_RECENT_WINDOW_MS = 10_000;
/** Circuit breaker: while open, one call goes through as a probe every this many ms. */
export const DEFAULT_BREAKER_PROBE_INTERVAL_MS = 1_000;
/** Circuit breaker: consecutive successes that close it, the first probe's included. */
export const DEFAULT_BREAKER_CLOSE_AFTER_SUCCESSES = 2;
/** Client-side pacing learned from throttling responses (see rateLimiter/DESIGN.md). */
export const DEFAULT_RATE_LIMITER = "adaptive" as const;
/** Rate limiter: after a throttle, the rate drops to this fraction of the measured capacity (the accepted rate). */
export const DEFAULT_LIMITER_BETA = 0.9;
/** Rate limiter: relative CUBIC growth per s³; with beta 0.9 the rate is back at the capacity 1 s after a decrease. */
export const DEFAULT_LIMITER_GROWTH = 0.1;
/** Rate limiter: throttles this soon after a decrease, ms (or the smoothed latency, if longer), are echoes and do not decrease again. */
export const DEFAULT_LIMITER_HOLDOFF_MS = 100;
/** Rate limiter: the rate never drops below this, requests/s. */
export const DEFAULT_LIMITER_MIN_RATE = 0.5;
/** Rate limiter: depth of the pacing bucket, in ms worth of the current rate (at least one request). */
export const DEFAULT_LIMITER_BURST_MS = 10;
/** Rate limiter: the rate never grows above this multiple of the demand (acquisitions/s), as an idle client learns nothing. */
export const LIMITER_SEND_RATE_HEADROOM = 2;
/** Rate limiter: shortest span a rate is measured over, ms, so that a burst does not read as a huge rate. */
export const LIMITER_MIN_MEASURE_MS = 100;
/** Rate limiter: window of the demand and accepted-response meters, ms. */
export const LIMITER_WINDOW_MS = 1000;
/** Rate limiter: slots of those windows. */
export const LIMITER_WINDOW_SLOTS = 10;
/** Redact message content and addresses from the SDK's own log lines for Pinpoint and SMS Voice. */
export const DEFAULT_REDACT_SDK_LOGS = true;
/** Environment variable that turns debug lines on. */
export const DEBUG_ENV_VARIABLE = "SMITHY_RESILIENCE_DEBUG";
/** Routes (service + region + endpoint, each with its breaker) kept at most; the least recently used is forgotten first. */
export const DEFAULT_MAX_ROUTES = 1000;
