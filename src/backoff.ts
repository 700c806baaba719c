import { PACED_THROTTLING_BASE_MS } from "./constants";
import type { ErrorClass, JitterMode } from "./types";

/** Resolved backoff settings: {@link BackoffOptions} with every default filled in. */
export interface BackoffPolicy {
  /** Base delay after a TRANSIENT error, ms (default 50). */
  baseMs: number;
  /** Base delay after a THROTTLING error, ms (default 1000); capped lower while the rate limiter paces. */
  throttlingBaseMs: number;
  /** Ceiling of any computed delay, ms (default 20000). */
  maxMs: number;
  /** How the delay is drawn below the ceiling (default "full"). */
  jitter: JitterMode;
}

/** Exponential ceiling of retry i (0-based): `t_i = min(MAX, b * 2 ** i)`. */
export function backoffCeiling(retryIndex: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** retryIndex);
}

/**
 * Jitter variants as pure functions of the ceiling and one random number in [0, 1).
 * "decorrelated" is AWS's `min(cap, random_between(base, previous * 3))`.
 */
export const JITTER: Readonly<
  Record<JitterMode, (ceiling: number, random: number, baseMs: number, previousMs: number, maxMs: number) => number>
> = {
  none: (ceiling) => ceiling,
  full: (ceiling, random) => random * ceiling,
  equal: (ceiling, random) => ceiling / 2 + (random * ceiling) / 2,
  decorrelated: (_ceiling, random, baseMs, previousMs, maxMs) => {
    const upper = Math.max(baseMs, previousMs * 3);
    return Math.min(maxMs, baseMs + random * (upper - baseMs));
  },
};

/**
 * The base delay after an error: throttling waits from the longer base, unless the rate limiter already
 * paces the quota: it then does most of the spacing, and a full throttling backoff on top would only
 * leave the quota idle.
 */
export function backoffBase(policy: BackoffPolicy, errorClass: ErrorClass, paced: boolean): number {
  if (errorClass !== "THROTTLING") return policy.baseMs;
  return paced ? Math.min(policy.throttlingBaseMs, PACED_THROTTLING_BASE_MS) : policy.throttlingBaseMs;
}

/** The delay before retry i from base `baseMs`, rounded to whole ms. */
export function backoffDelay(policy: BackoffPolicy, baseMs: number, retryIndex: number, previousDelayMs: number, random: number): number {
  const ceiling = backoffCeiling(retryIndex, baseMs, policy.maxMs);
  const previous = previousDelayMs > 0 ? previousDelayMs : baseMs;
  return Math.round(JITTER[policy.jitter](ceiling, random, baseMs, previous, policy.maxMs));
}
