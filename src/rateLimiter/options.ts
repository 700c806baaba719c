import type { AbortSignalLike } from "../abortable";
import { abortableSleep } from "../abortable";
import { MAX_TIMER_DELAY_MS } from "../timerLimit";
import * as defaults from "./constants";

/** The time source of a limiter: milliseconds on a monotonic scale. */
export interface LimiterClock {
  now(): number;
}

/** Options of an {@link AdaptiveRateLimiter} (and of every limiter of a {@link RateLimiterRegistry}). */
export interface AdaptiveRateLimiterOptions {
  /** After a throttle, the rate drops to `beta` × the measured capacity. In (0, 1). Default 0.9. */
  beta?: number;
  /** Relative CUBIC growth per s³ after a decrease. > 0. Default 0.4. */
  growth?: number;
  /** Throttles this soon after a decrease do not decrease again, ms. ≥ 0. Default 100. */
  holdoffMs?: number;
  /** Floor of the rate, requests/s. > 0. Default 0.5. */
  minRate?: number;
  /** Depth of the pacing bucket, in ms worth of the current rate (at least one request). ≥ 0. Default 50. */
  burstMs?: number;
  /** Time source. Default `performance.now()`. */
  clock?: LimiterClock;
  /**
   * How to wait `ms` milliseconds. The limiter aborts `signal` when no caller is left waiting, so that its
   * pacing timer does not outlive them. Default a `setTimeout` promise whose timer is cleared on abort.
   */
  sleep?: (ms: number, signal?: AbortSignalLike) => Promise<void>;
}

/** Options with every default filled in. */
export type ResolvedLimiterOptions = Required<AdaptiveRateLimiterOptions>;

const OPTION_NAMES = ["beta", "growth", "holdoffMs", "minRate", "burstMs", "clock", "sleep"];

const systemNow: LimiterClock = { now: () => performance.now() };

function fail(option: string, expected: string, value: unknown): never {
  const shown = typeof value === "string" ? JSON.stringify(value) : String(value);
  throw new Error(`smithy-resilience: option "rateLimiter.${option}" must be ${expected} (got ${shown})`);
}

function numberIn(option: string, value: unknown, fallback: number, accepts: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || !accepts(value)) fail(option, expected, value);
  return value;
}

/** A ms option: >= 0 and within setTimeout's range, beyond which a wait would end after 1 ms. */
function durationMs(option: string, value: unknown, fallback: number): number {
  const ms = numberIn(option, value, fallback, (n) => n >= 0, "a finite number >= 0");
  if (ms > MAX_TIMER_DELAY_MS) fail(option, `a finite number >= 0 and <= ${MAX_TIMER_DELAY_MS} (setTimeout's limit)`, ms);
  return ms;
}

/** Validates limiter options and fills in defaults. Throws an Error naming the option and its accepted range. */
export function resolveLimiterOptions(options: AdaptiveRateLimiterOptions = {}): ResolvedLimiterOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new Error(`smithy-resilience: option "rateLimiter" must be an object (got ${String(options)})`);
  }
  for (const key of Object.keys(options)) {
    if (!OPTION_NAMES.includes(key)) fail(key, `one of the known options (${OPTION_NAMES.join(", ")})`, key);
  }
  const { clock, sleep } = options;
  if (clock !== undefined && typeof clock?.now !== "function") fail("clock", "an object with a now() function", clock);
  if (sleep !== undefined && typeof sleep !== "function") fail("sleep", "a function", sleep);
  return {
    beta: numberIn("beta", options.beta, defaults.DEFAULT_LIMITER_BETA, (n) => n > 0 && n < 1, "a number in (0, 1)"),
    growth: numberIn("growth", options.growth, defaults.DEFAULT_LIMITER_GROWTH, (n) => n > 0, "a finite number > 0"),
    holdoffMs: durationMs("holdoffMs", options.holdoffMs, defaults.DEFAULT_LIMITER_HOLDOFF_MS),
    minRate: numberIn("minRate", options.minRate, defaults.DEFAULT_LIMITER_MIN_RATE, (n) => n > 0, "a finite number > 0"),
    burstMs: durationMs("burstMs", options.burstMs, defaults.DEFAULT_LIMITER_BURST_MS),
    clock: clock ?? systemNow,
    sleep: sleep ?? abortableSleep,
  };
}
