/**
 * smithy-resilience: retries with classification, backoff, a retry budget, events and debug logging
 * for AWS SDK for JavaScript v3 clients.
 * @packageDocumentation
 * @module smithy-resilience
 */
export { createResilience } from "./createResilience";
export type { Resilience } from "./createResilience";
export type { ResilienceRetryStrategy } from "./ResilienceRetryStrategy";
export type { ResiliencePlugin, MiddlewareStackLike, PlacementOptions } from "./plugin";
export { SERVICE_TABLES, serviceTableFor, serviceOfError, isIdempotentOperation } from "./services";
export type { ServiceTable } from "./services";
export { CircuitOpenError } from "./breaker/CircuitOpenError";
export { DeadlineExceededError } from "./DeadlineExceededError";
export {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_BASE_DELAY_MS,
  DEFAULT_THROTTLING_BASE_DELAY_MS,
  DEFAULT_MAX_DELAY_MS,
  DEFAULT_JITTER,
  DEFAULT_MAX_RETRY_AFTER_MS,
  DEFAULT_BUDGET_CAPACITY,
  DEFAULT_BUDGET_RETRY_COST,
  DEFAULT_BUDGET_THROTTLING_COST,
  DEFAULT_BREAKER_CONSECUTIVE_FAILURES,
  DEFAULT_BREAKER_PROBE_INTERVAL_MS,
  DEFAULT_BREAKER_CLOSE_AFTER_SUCCESSES,
  DEFAULT_RATE_LIMITER,
  DEFAULT_REDACT_SDK_LOGS,
} from "./constants";
export type * from "./types";
