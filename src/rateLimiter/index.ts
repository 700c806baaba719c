/** The adaptive client-side rate limiter: one limiter per service quota, paced at a rate learned from throttling. */
export { AdaptiveRateLimiter } from "./AdaptiveRateLimiter";
export type { LimiterOutcome } from "./AdaptiveRateLimiter";
export { resolveLimiterOptions } from "../options";
export type { AdaptiveRateLimiterOptions, ResolvedLimiterOptions } from "../options";
