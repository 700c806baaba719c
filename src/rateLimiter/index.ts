/** The adaptive client-side rate limiter: one limiter per service quota, learned from throttling. */
export { AdaptiveRateLimiter } from "./AdaptiveRateLimiter";
export type { LimiterOutcome } from "./AdaptiveRateLimiter";
export { resolveLimiterOptions } from "./options";
export type { AdaptiveRateLimiterOptions, LimiterClock, ResolvedLimiterOptions } from "./options";
