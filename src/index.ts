/**
 * smithy-resilience: retries with classification, backoff, a retry budget, events and debug logging
 * for AWS SDK for JavaScript v3 clients.
 * @packageDocumentation
 * @module smithy-resilience
 */
export { createResilience } from "./createResilience";
export type { Resilience } from "./createResilience";
export { ResilienceRetryStrategy } from "./ResilienceRetryStrategy";
export { ResilienceRetryToken } from "./ResilienceRetryToken";
export type { RetryTokenState } from "./ResilienceRetryToken";
export type { ResiliencePlugin, MiddlewareStackLike, PlacementOptions } from "./plugin";
export { SERVICE_TABLES, serviceTableFor, serviceOfError, isIdempotentOperation } from "./services";
export { CircuitOpenError } from "./breaker/CircuitOpenError";
export { classifyError, RETRYABLE_CLASSES } from "./classification";
export type { Classification, CustomClassifier } from "./classification";
export { backoffBase, backoffDelay, backoffCeiling, JITTER } from "./backoff";
export type { BackoffPolicy } from "./backoff";
export { retryAfterHintMs } from "./retryAfterHint";
export { RetryBudget } from "./retryBudget";
export type { ServiceTable } from "./services";
export * from "./constants";
export type * from "./types";
