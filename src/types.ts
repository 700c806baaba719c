/**
 * Public types of smithy-resilience: options, events and hooks.
 * @packageDocumentation
 */

import type { Clock } from "./clock";

import type { QuotaSharing, QuotaStore } from "./rateLimiter/QuotaLimiter";

export type { AbortSignalLike } from "./abortable";
export type { Clock } from "./clock";
export type { LimiterOutcome, QuotaLimiter, QuotaScope, QuotaSharing, QuotaStore } from "./rateLimiter/QuotaLimiter";
export type { AdaptiveRateLimiterOptions, ResolvedLimiterOptions } from "./rateLimiter/limiterOptions";

/** How an error is treated, in the SDK's own vocabulary. Only THROTTLING and TRANSIENT are retried. */
export type ErrorClass = "THROTTLING" | "TRANSIENT" | "SERVER_ERROR" | "CLIENT_ERROR";

/** Jitter applied to the exponential backoff ceiling. */
export type JitterMode = "full" | "equal" | "decorrelated" | "none";

/** Why a call stopped retrying and failed. */
export type GiveUpReason =
  | "non-retryable"
  | "max-attempts"
  | "retry-budget"
  | "deadline"
  | "circuit-open"
  | "aborted"
  | "non-idempotent";

/** Where a call is going: the service (client name without "Client") and the operation (command name without "Command"). */
export interface OperationRef {
  /** e.g. "Pinpoint", "PinpointSMSVoice", "PinpointSMSVoiceV2"; "unknown" when the strategy runs without the plugin and cannot tell. */
  service: string;
  /** e.g. "SendMessages"; "unknown" when the strategy runs without the plugin. */
  operation: string;
  /**
   * The region the call went to, e.g. "us-east-1" (its signing region). Always set on the events
   * (`onAttempt`, `onRetry`, `onSuccess`, `onGiveUp`): "unknown" when the strategy runs without the
   * plugin, or when a call failed before its request was routed. Unset in the context of `classify`.
   */
  region?: string;
}

/** Backoff settings. Delay of retry i (0-based) before jitter: `min(maxMs, base * 2 ** i)`. */
export interface BackoffOptions {
  /** Base delay for TRANSIENT errors, in ms. Default 50. */
  baseMs?: number;
  /** Base delay for THROTTLING errors, in ms. Default 1000. */
  throttlingBaseMs?: number;
  /** Ceiling of any computed delay, in ms. Default 20000. */
  maxMs?: number;
  /** Jitter mode. Default "full". */
  jitter?: JitterMode;
}

/** Retry budget: a token bucket shared by the calls of one resilience instance, per service and region. */
export interface RetryBudgetOptions {
  /** Tokens in a full bucket. Default 500. */
  capacity?: number;
  /** Tokens a retry after a non-throttling error costs. Default 14. */
  retryCost?: number;
  /** Tokens a retry after a throttling error costs. Default 5. */
  throttlingCost?: number;
}

/**
 * Circuit breaker settings. The breaker detects a dead service, not a degraded one: it opens when
 * attempts keep failing with no success between them, and refuses calls only then, but for a probe
 * every `probeIntervalMs`. Failed attempts classed TRANSIENT or SERVER_ERROR count as failures;
 * throttling, client errors, aborts and its own refusals are not counted. See docs/breaker.md for the
 * numbers.
 */
export interface CircuitBreakerOptions {
  /**
   * Failed attempts in a row (retries included, no success between them) that open the breaker; an
   * integer >= 1. Default 75: at 50 calls/s a dead service gets there in about a second, one that still
   * answers one attempt in five about once in three weeks.
   */
  consecutiveFailures?: number;
  /** While open, one call goes through as a probe every this many ms (> 0); a failed probe keeps it open. Default 1000. */
  probeIntervalMs?: number;
  /**
   * Consecutive successes that close it, the first probe's included (an integer >= 1): after a successful
   * probe, that many calls are let through at a time; a failure opens it again. Default 2.
   */
  closeAfterSuccesses?: number;
}

/** Per-operation overrides, keyed by operation name (e.g. "SendMessages"). */
export interface OperationPolicy {
  /** Total attempts for this operation. */
  maxAttempts?: number;
  /** Time budget for a call of this operation, ms. */
  deadlineMs?: number;
  /** Overrides the service tables' idempotency for `retryNonIdempotent: false`. */
  idempotent?: boolean;
}

/** Emitted once per attempt, successful or not. */
export interface AttemptEvent extends OperationRef {
  /** 1-based attempt number. */
  attempt: number;
  /** Time the attempt took, in ms (request to deserialized response or error). */
  durationMs: number;
  /** HTTP status of the response; unset when none came back (connection reset, timeout, abort). */
  httpStatusCode?: number;
  /** Set when the attempt failed: the error's name, or its code when the name is the generic "Error". */
  errorName?: string;
  /** Set when the attempt failed. */
  errorClass?: ErrorClass;
  /** The service's request id (`$metadata.requestId`), when the response carried one. */
  requestId?: string;
  /** The pacing rate of the attempt's quota, requests/s, while the rate limiter paces it. */
  sendRate?: number;
  /** Time the attempt waited for its turn under the rate limiter, ms (0 when not paced). */
  pacingDelayMs?: number;
}

/** Emitted when a failed attempt will be retried. */
export interface RetryEvent extends OperationRef {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** Delay before the next attempt, in ms. */
  delayMs: number;
  /**
   * Name of the error that failed the attempt (its code when the name is the generic "Error"); for a
   * partial re-send, the addresses' delivery statuses, e.g. "TEMPORARY_FAILURE/THROTTLED".
   */
  errorName: string;
  /** How that error was classed: THROTTLING or TRANSIENT, the classes that are retried. */
  errorClass: ErrorClass;
  /** Set when the retry re-sends only the addresses of a partial failure: how many. */
  resentAddresses?: number;
}

/** Emitted when a call succeeds. */
export interface SuccessEvent extends OperationRef {
  /** Attempts the call made, the successful one included (1 when it needed no retry). */
  attempts: number;
  /** Sum of the backoff delays, in ms. */
  totalDelayMs: number;
  /** Whole call, all attempts and delays, in ms. */
  durationMs: number;
}

/** Emitted when a call fails for good. */
export interface GiveUpEvent extends OperationRef {
  /** Attempts the call made; 0 when it was refused before any request (e.g. "circuit-open"). */
  attempts: number;
  /** Why no further attempt was made. */
  reason: GiveUpReason;
  /** Name of the error the call fails with (its code when the name is the generic "Error"). */
  errorName: string;
  /** How that error was classed. */
  errorClass: ErrorClass;
  /** Whole call, all attempts and delays, in ms. */
  durationMs: number;
}

/** Emitted when a circuit breaker changes state. */
export interface CircuitStateChangeEvent {
  /** Service of the breaker, e.g. "Pinpoint". */
  service: string;
  /** Region of the client the breaker guards, e.g. "us-east-1". */
  region: string;
  /** State before the change. */
  from: CircuitState;
  /** State after the change. */
  to: CircuitState;
}

/** States of a circuit breaker. */
export type CircuitState = "closed" | "open" | "half-open";

/**
 * A listener. Its return value is ignored, so `(e) => seen.push(e)` or an `async` function fits; a
 * throw, or the rejection of a returned promise, is contained and logged once as a warning.
 */
export type Hook<E> = (event: E) => unknown;

/** Listeners for the library's events. Each is called synchronously, not awaited, with a frozen event. */
export interface ResilienceHooks {
  /** After every attempt, successful or not. Needs the plugin. */
  onAttempt?: Hook<AttemptEvent>;
  /** When a failed attempt will be retried, before the backoff. */
  onRetry?: Hook<RetryEvent>;
  /** Once per call that succeeds, whether or not it was retried. */
  onSuccess?: Hook<SuccessEvent>;
  /** Once per call that fails for good. */
  onGiveUp?: Hook<GiveUpEvent>;
  /** When a circuit breaker opens, half-opens or closes. */
  onCircuitStateChange?: Hook<CircuitStateChangeEvent>;
}

/** The subset of the SDK's `Logger` this library uses. */
export interface ResilienceLogger {
  /** Receives the debug lines, when `debug` is on. */
  debug?: (...content: unknown[]) => void;
  /** Receives warnings: a hook or a classifier that threw. Without it they go to `console.warn`. */
  warn?: (...content: unknown[]) => void;
  /**
   * Debug lines also carry their facts as an object, {@link DebugLogFields} under the key
   * `smithyResilience`, for JSON loggers. `"first"`: `debug(fields, line)`, the order of pino and bunyan;
   * `"last"`: `debug(line, fields)`, the order of Powertools Logger, winston and `console`. Unset: `debug(line)`.
   * Set it on the logger object, e.g. `Object.assign(pino({ level: "debug" }), { logFields: "first" as const })`.
   */
  logFields?: "first" | "last";
}

/**
 * The facts of one debug line as fields, for JSON loggers: names, classes, numbers and ids only, never
 * request content.
 */
export interface DebugLogFields {
  /** Which line this is. */
  event: "attempt-failed" | "succeeded" | "gave-up" | "re-sending" | "re-send-stopped" | "circuit-changed";
  /** The service, e.g. "Pinpoint". */
  service?: string;
  /** The operation, e.g. "SendMessages" (all but "circuit-changed"). */
  operation?: string;
  /** "circuit-changed": the breaker's region. */
  region?: string;
  /** "circuit-changed": the state the breaker left. */
  from?: CircuitState;
  /** "circuit-changed": the state the breaker entered. */
  to?: CircuitState;
  /** "re-sending", "re-send-stopped": how many addresses of a partial failure. */
  addresses?: number;
  /** The failed attempt, 1-based ("attempt-failed"). */
  attempt?: number;
  /** The call's attempt limit, when known ("attempt-failed"). */
  maxAttempts?: number;
  /** Attempts the call made ("succeeded", "gave-up"). */
  attempts?: number;
  /** The error's name, or its code when the name is the generic "Error" ("attempt-failed", "gave-up"). */
  errorName?: string;
  /** The error's class ("attempt-failed"). */
  errorClass?: ErrorClass;
  /** HTTP status of the failed attempt, when a response came back ("attempt-failed"). */
  httpStatusCode?: number;
  /** The service's request id of the failed attempt, when the response carried one ("attempt-failed"). */
  requestId?: string;
  /** The pacing rate of the quota, requests/s, one decimal, while the rate limiter paces it. */
  sendRate?: number;
  /** "attempt-failed": the delay before the retry, when the call retries. */
  retryInMs?: number;
  /** Why the call gives up ("gave-up", "re-send-stopped", or "attempt-failed" when that attempt ends the call). */
  reason?: GiveUpReason;
  /** "succeeded": sum of the backoff delays, whole ms. */
  totalDelayMs?: number;
  /** "succeeded": the whole call, whole ms. */
  durationMs?: number;
}

/** What a custom classifier receives besides the error. */
export type ClassifyContext = OperationRef;

/** Options of {@link createResilience}. All are optional; they are validated once, at construction. */
export interface ResilienceOptions {
  /** Total attempts including the first; integer ≥ 1. Default 3. */
  maxAttempts?: number;
  /** Delays between attempts; each field has its own default. */
  backoff?: BackoffOptions;
  /** Cap for server hints (`Retry-After`, `x-amz-retry-after`), in ms. Default 20000. */
  maxRetryAfterMs?: number;
  /**
   * Retry budget per service and region, or `false` to retry without one. Left out, the services whose SDK
   * client keeps a budget in its standard mode have one, and SMS Voice v1 (its client, frozen on Smithy 2.x,
   * keeps none) has none, so that the library never retries less than the plain SDK; given, even as `{}`,
   * every service has one.
   */
  retryBudget?: false | RetryBudgetOptions;
  /** Overrides the built-in tables: return an ErrorClass, or undefined to fall through to them. */
  classify?: (error: unknown, context: ClassifyContext) => ErrorClass | undefined;
  /** Listeners for attempts, retries, successes, give-ups and circuit changes. Default none. */
  hooks?: ResilienceHooks;
  /**
   * Debug lines (level `debug`) through the logger, else the console (`console.debug`) when neither this
   * option nor the client sets one. Also on when env `SMITHY_RESILIENCE_DEBUG=1`.
   */
  debug?: boolean;
  /** Logger for this library's lines; default the client's `logger`. */
  logger?: ResilienceLogger;
  /** Circuit breaker per service + region + endpoint, or `false`. Default on with the defaults below. */
  circuitBreaker?: false | CircuitBreakerOptions;
  /** Time budget for a whole call, attempts and backoffs, ms: a retry whose delay would cross it is not made. */
  deadlineMs?: number;
  /** Per-operation overrides, keyed by operation name (e.g. "SendMessages"). */
  operations?: Record<string, OperationPolicy>;
  /**
   * Retry non-idempotent operations (sends without an idempotency token, Create*) after an ambiguous
   * failure such as a 500 or a reset. Default true. When false they are retried only after throttling or
   * a connection failure that proves the request never left.
   */
  retryNonIdempotent?: boolean;
  /**
   * Re-send the addresses of a `SendMessages` / `SendUsersMessages` whose results are THROTTLED or
   * TEMPORARY_FAILURE inside an HTTP 200, and merge the results. Default false.
   */
  retryPartialFailures?: boolean;
  /**
   * Client-side pacing that learns each service quota's capacity from throttling responses and spaces
   * first attempts and retries close to it, per service + region (+ operation where Pinpoint meters it
   * apart). Default "adaptive"; `false` to send unpaced.
   */
  rateLimiter?: "adaptive" | false;
  /**
   * Where the rate limiter keeps its quotas: `redisStore({ client })` from `smithy-resilience/redis` shares
   * one learned rate per quota (service + region, + operation where Pinpoint meters one apart) across every
   * process that uses the same Redis, instead of each process learning it alone. Breakers and retry budgets
   * stay per process. Needs `rateLimiter: "adaptive"` (the default). Default none: each process paces alone.
   */
  store?: QuotaStore;
  /** Time, randomness and waiting, for deterministic tests and seeded runs. Default: the system's. */
  clock?: Partial<Clock>;
  /**
   * Redact the SDK's own log lines (the logger middleware's `info` line per call with its input and
   * output, its `error` line with the input and the error) for Pinpoint, SMS Voice v1 and v2: phone
   * numbers, email addresses, message bodies, template substitutions, voice content and OTP codes are
   * replaced by "***SensitiveInformation***", and so is any other string or map key in those lines that
   * looks like a phone number or an email address; the error line gets a copy of the error with those
   * scrubbed from its message. The input you pass and the error you catch are never changed. Other
   * clients keep the SDK's own filters. Default true.
   */
  redactSdkLogs?: boolean;
  /**
   * Where metrics go besides the hooks: one {@link MetricsSink} or several, e.g. `openTelemetryMetrics()`
   * from `smithy-resilience/otel` or `cloudWatchMetrics({ namespace })` from `smithy-resilience/cloudwatch`.
   * Every event goes to `hooks` first, then to each sink in order; each sink's `attach` is called once,
   * at construction. A sink with none of the hook names nor `attach`, a hook member that is not a
   * function, or the same sink twice is refused. Default none.
   */
  metrics?: MetricsSink | readonly MetricsSink[];
}

/**
 * A destination for the library's metrics: the same events as the hooks, plus a reader of the live
 * snapshot for gauges, given once when the resilience instance is created. Pass one or several as the
 * `metrics` option of {@link createResilience}.
 *
 * Every member is optional, but a sink needs at least one. Each listener is called like a hook: with
 * the sink as `this`, synchronously, not awaited, with the same frozen event the hooks and the other
 * sinks receive; a throw or a rejected promise is contained and logged once as a warning naming the
 * sink (`metrics[1].onRetry failed and was ignored: ...`), and the call's outcome is unchanged. Members
 * other than these (a sink's own `flush()` or `shutdown()`) are ignored; a hook member that is not a
 * function is refused at construction.
 *
 * @example
 * ```ts
 * const sink: MetricsSink = {
 *   onGiveUp: (e) => giveUps.inc({ service: e.service, operation: e.operation, reason: e.reason }),
 *   attach: (source) => health.register(() => source.snapshot()),
 * };
 * const r = createResilience({ metrics: sink });
 * ```
 */
export interface MetricsSink extends ResilienceHooks {
  /**
   * Called once by `createResilience`, after the instance is built, with the instance's snapshot
   * reader, e.g. to register observable gauges that call `source.snapshot()` when they are collected.
   * A throw (or a rejected promise) is contained with a warning; the sink's listeners still receive events.
   */
  attach?(source: SnapshotSource): void;
}

/** What a metrics sink can read at any time. */
export interface SnapshotSource {
  /** The live state of every route; see {@link ResilienceSnapshot}. Cheap: it reads counters and allocates only the result. */
  snapshot(): ResilienceSnapshot;
}

/**
 * The live state of an instance, per route: for a health endpoint, a dashboard or gauges. Plain data
 * (JSON-serializable, a new object on every call): names, states and numbers, never request content.
 */
export interface ResilienceSnapshot {
  /** When it was taken, ms since the epoch (the clock's `epochMs()`). */
  takenAt: number;
  /**
   * One entry per route (service + region + endpoint) the instance keeps (at most 1000, the least
   * recently used forgotten first), least recently used first: the most recently used is last. Empty
   * before the first call.
   */
  routes: RouteSnapshot[];
}

/** The pacing of one service quota by the adaptive rate limiter. */
export interface PacingSnapshot {
  /** Requests/s it paces at; undefined while it does not pace (no throttling seen). */
  ratePerSecond: number | undefined;
  /** Attempts waiting for their turn now (in this process). */
  queueDepth: number;
  /**
   * With a `store` only: `"fleet"` while the quota's rate is shared with the other processes of the store,
   * `"local"` while the store cannot be reached and this process paces alone (at its share of the fleet's
   * last rate). Unset without a store.
   */
  sharing?: QuotaSharing;
}

/** The live state of one route. Two routes of one service and region share its budget and pacing. */
export interface RouteSnapshot {
  /** e.g. "Pinpoint". */
  service: string;
  /** e.g. "us-east-1"; "unknown" for the strategy used without the plugin. */
  region: string;
  /**
   * The endpoint's origin, e.g. "https://pinpoint.us-east-1.amazonaws.com"; "unknown" when not known
   * (the strategy used without the plugin keeps its budgets on such a route).
   */
  endpoint: string;
  /** The route's circuit breaker, when breakers are on. */
  breaker?: {
    /**
     * "open": the service looks dead and calls fail fast with `CircuitOpenError`, but one probe every
     * `probeIntervalMs`; "half-open": a probe succeeded and a few more are let through to close it.
     */
    state: CircuitState;
    /** When the open breaker lets its next probe through, ms from now (0: the next call is a probe); 0 when closed or half-open. */
    retryAfterMs: number;
  };
  /** The retry budget of the route's service and region, when budgets are on. */
  budget?: {
    /** Tokens left. */
    available: number;
    /** Tokens in a full bucket. */
    capacity: number;
  };
  /**
   * The rate limiter of the route's service quota, when pacing is on: the quota of the service and
   * region, shared by its operations.
   */
  pacing?: PacingSnapshot & {
    /**
     * Operations metered on a quota of their own (Pinpoint's SendMessages, SendUsersMessages,
     * SendOTPMessage, VerifyOTPMessage), by operation name, once one was called: their pacing is not
     * the service's. Unset when none was.
     */
    operations?: Record<string, PacingSnapshot>;
  };
  /**
   * The attempts the breaker judged over the last 10 s, when breakers are on. Recorded while the
   * breaker is closed; forgotten when it closes again.
   */
  recent?: {
    /** Attempts that succeeded or failed with a TRANSIENT or SERVER_ERROR error (throttled, aborted and client-error attempts are not judged). */
    attempts: number;
    /** Of those, the failures (TRANSIENT, SERVER_ERROR); `circuitBreaker.consecutiveFailures` of them in a row open the breaker. */
    failures: number;
  };
}
