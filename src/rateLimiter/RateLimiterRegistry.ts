import { getOrCreate } from "../getOrCreate";
import type { LimiterOutcome } from "./AdaptiveRateLimiter";
import { AdaptiveRateLimiter } from "./AdaptiveRateLimiter";
import type { AdaptiveRateLimiterOptions, ResolvedLimiterOptions } from "./options";
import { resolveLimiterOptions } from "./options";

/**
 * One {@link AdaptiveRateLimiter} per quota, created on first use. The key names the quota: service and
 * region, plus the operation where the service meters operations separately (see {@link rateLimiterKey}).
 */
export class RateLimiterRegistry {
  private readonly limiters = new Map<string, AdaptiveRateLimiter>();
  private readonly options: ResolvedLimiterOptions;

  /** @throws Error naming the option and its accepted range when an option is invalid. */
  constructor(options?: AdaptiveRateLimiterOptions) {
    this.options = resolveLimiterOptions(options);
  }

  /**
   * Call per attempt, just before the request is sent.
   * @returns undefined to send now, or a promise to await first.
   */
  acquire(key: string): Promise<void> | undefined {
    return this.limiter(key).acquire();
  }

  /** Call after each response or error of a sent request. */
  onResponse(key: string, outcome: LimiterOutcome): void {
    this.limiter(key).onResponse(outcome);
  }

  /** The pacing rate of `key` in requests/s; undefined while it was never throttled (or never used). */
  currentRate(key: string): number | undefined {
    return this.limiters.get(key)?.currentRate();
  }

  /** The limiter of `key`. */
  limiter(key: string): AdaptiveRateLimiter {
    return getOrCreate(this.limiters, key, () => new AdaptiveRateLimiter(this.options));
  }
}

/** The key of a quota: `service|region`, or `service|region|operation` when the operation has its own quota. */
export function rateLimiterKey(service: string, region: string, operation?: string): string {
  return operation === undefined ? `${service}|${region}` : `${service}|${region}|${operation}`;
}
