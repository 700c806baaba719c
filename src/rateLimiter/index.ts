/** The adaptive client-side rate limiter: one limiter per service quota, paced at a rate learned from throttling. */
export { AdaptiveRateLimiter } from "./AdaptiveRateLimiter";
export type { LimiterOutcome, QuotaLimiter, QuotaScope, QuotaSharing, QuotaStore } from "./QuotaLimiter";
export { resolveLimiterOptions } from "../options";
export type { AdaptiveRateLimiterOptions, ResolvedLimiterOptions } from "../options";
