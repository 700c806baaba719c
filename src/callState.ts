import type { CircuitBreaker } from "./breaker/CircuitBreaker";
import type { CallPolicy } from "./callPolicy";
import type { AdaptiveRateLimiter } from "./rateLimiter";
import type { RetryBudget } from "./retryBudget";
import type { OperationInfo } from "./runtime";
import type { Classification } from "./classification";
import { UNKNOWN } from "./constants";
import type { GiveUpReason, OperationRef, ResilienceLogger } from "./types";

/** One failed attempt, classified once and shared by the plugin and the strategy. */
export interface AttemptFailure extends Classification {
  error: unknown;
  /** The failure proves the request never reached the service. */
  neverSent: boolean;
  httpStatusCode?: number;
  requestId?: string;
}

/**
 * What the plugin knows about one `client.send` call, across all its attempts (and, with partial
 * re-sends, all its rounds). The strategy finds it through the retry scope, so that together they know
 * the service and operation of every attempt.
 */
export class CallState implements OperationRef {
  /** Attempts started so far. */
  attempts = 0;
  /** Backoff slept so far, ms. */
  totalDelayMs = 0;
  /** Set when this library's strategy took the call's retry token. */
  strategyAttached = false;
  /** The most recent failed attempt. */
  lastFailure: AttemptFailure | undefined;
  /** Why the call gave up, when this library decided it. */
  giveUpReason: GiveUpReason | undefined;
  /** Known once the request is serialized (finalize step). */
  region = UNKNOWN;
  /** The breaker guarding this call, when breakers are on. */
  breaker: CircuitBreaker | undefined;
  /** The rate limiter of this call's quota, when pacing is on (set by the retry scope). */
  limiter: AdaptiveRateLimiter | undefined;
  /** How long the current attempt waited for its turn, ms. */
  pacingDelayMs = 0;
  /** When the current attempt started (clock.now()). */
  attemptStartedAt = 0;
  /** The attempt middleware is in this call's stack and does the per-attempt work. */
  attemptsObserved = false;

  readonly service: string;
  readonly operation: string;
  readonly policy: CallPolicy;
  /** Whether the operation has its own rate-limiter quota. */
  readonly separatelyMetered: boolean;
  /** The retry budget of the call's service and region, when budgets are on. */
  budget: RetryBudget | undefined;

  constructor(
    info: OperationInfo,
    readonly logger: ResilienceLogger | undefined,
    readonly abortSignal: { aborted: boolean } | undefined,
    readonly startedAt: number,
  ) {
    this.service = info.service;
    this.operation = info.operation;
    this.policy = info.policy;
    this.separatelyMetered = info.separatelyMetered;
  }
}
