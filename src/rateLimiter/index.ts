/** The adaptive client-side rate limiter: one limiter per service quota, paced at a rate learned from throttling. */
export { AdaptiveRateLimiter } from "./AdaptiveRateLimiter";
export type { LimiterOutcome } from "./AdaptiveRateLimiter";
export { RateLimiterRegistry, rateLimiterKey } from "./RateLimiterRegistry";
export { resolveLimiterOptions } from "./options";
export type { AdaptiveRateLimiterOptions, LimiterClock, ResolvedLimiterOptions } from "./options";
