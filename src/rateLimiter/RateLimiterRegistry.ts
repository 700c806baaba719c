import { getOrCreate } from "../getOrCreate";
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

  /** The limiter of `key`, created on first use (the retry scope keeps it per route). */
  limiter(key: string): AdaptiveRateLimiter {
    return getOrCreate(this.limiters, key, () => new AdaptiveRateLimiter(this.options));
  }
}

/** The key of a quota: `service|region`, or `service|region|operation` when the operation has its own quota. */
export function rateLimiterKey(service: string, region: string, operation?: string): string {
  return operation === undefined ? `${service}|${region}` : `${service}|${region}|${operation}`;
}
