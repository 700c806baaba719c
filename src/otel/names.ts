/**
 * Metric and attribute names of the OpenTelemetry adapter, and its bucket advice. Semantic-convention
 * names come from `@opentelemetry/semantic-conventions` (v1.45.0); the library's own signals, for which
 * no convention exists, live under the `smithy_resilience.` namespace.
 */
import type { ATTR_CLOUD_REGION } from "@opentelemetry/semantic-conventions/incubating";

/**
 * `cloud.region`, still experimental in semconv 1.45, so exported only by the package's `/incubating`
 * entry point, which may break in a minor release. The package's README asks instrumentations not to
 * import that entry point at run time but to copy the definition; the type pins the copy to the
 * package's constant (and a test compares the two).
 */
export const ATTR_CLOUD_REGION_COPY: typeof ATTR_CLOUD_REGION = "cloud.region";

/**
 * `rpc.system.name` of AWS API calls. The semconv names only connectrpc, dubbo, grpc and jsonrpc ("a custom
 * value MAY be used"); "aws-api" is the value of its AWS SDK conventions and of instrumentation-aws-sdk.
 */
export const RPC_SYSTEM_NAME_AWS_API = "aws-api";

/** `rpc.method` when the operation is not known (the strategy without the plugin), as the semconv requires. */
export const RPC_METHOD_OTHER = "_OTHER";

/** The semconv's advice for `rpc.client.call.duration`, seconds; the attempt duration uses it too. */
export const DURATION_BUCKETS_S: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/** Time waited for the rate limiter, seconds: 0 (not paced) apart from the smallest waits. */
export const WAIT_BUCKETS_S: readonly number[] = [0, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20];

/** Attempts per call, like gRPC's `grpc.client.call.retries` (A96). */
export const ATTEMPT_BUCKETS: readonly number[] = [1, 2, 3, 4, 5];

/** The library's own metric names. */
export const METRIC = {
  attemptDuration: "smithy_resilience.attempt.duration",
  callAttempts: "smithy_resilience.call.attempts",
  retries: "smithy_resilience.retries",
  giveUps: "smithy_resilience.give_ups",
  throttles: "smithy_resilience.throttles",
  breakerRejections: "smithy_resilience.breaker.rejections",
  breakerTransitions: "smithy_resilience.breaker.transitions",
  limiterWaitDuration: "smithy_resilience.limiter.wait.duration",
  breakerState: "smithy_resilience.breaker.state",
  limiterRate: "smithy_resilience.limiter.rate",
  limiterQueueSize: "smithy_resilience.limiter.queue.size",
  budgetAvailable: "smithy_resilience.retry_budget.available",
  budgetUtilization: "smithy_resilience.retry_budget.utilization",
} as const;

/** The library's own attribute names. */
export const ATTR = {
  /** The service, e.g. "Pinpoint", on the per service + region gauges and breaker transitions. */
  service: "smithy_resilience.service",
  /** THROTTLING, TRANSIENT, SERVER_ERROR or CLIENT_ERROR. */
  errorClass: "smithy_resilience.error_class",
  /** Why a call gave up: non-retryable, max-attempts, retry-budget, deadline, circuit-open, aborted, non-idempotent. */
  reason: "smithy_resilience.give_up.reason",
  /** The state a breaker changed to: closed, half-open, open. */
  breakerState: "smithy_resilience.breaker.state",
} as const;
