import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";
import { sleepUnlessAborted } from "./abortable";
import { attemptFailed, startAttempt } from "./attemptBookkeeping";
import { backoffBase, backoffDelay } from "./backoff";
import type { AttemptFailure, CallState } from "./callState";
import { BUDGET_SUCCESS_REFUND, UNKNOWN } from "./constants";
import { formatFailure, formatGiveUp } from "./debugLog";
import { responseHeadersOf } from "./errorDetails";
import { retryAfterHintMs } from "./retryAfterHint";
import { ResilienceRetryToken } from "./ResilienceRetryToken";
import type { ResilienceRuntime } from "./runtime";
import { serviceOfError } from "./services";
import type { GiveUpReason, OperationRef } from "./types";

/** Thrown to the SDK's retry middleware to refuse a retry; the middleware then rethrows the service's own error. */
class RetryRefusedError extends Error {
  constructor(readonly reason: GiveUpReason) {
    super(`smithy-resilience: not retrying (${reason})`);
    this.name = "RetryRefusedError";
  }
}

/**
 * The SDK `RetryStrategyV2` of smithy-resilience: classifies each failure by service tables, backs off
 * with jitter and server hints, and draws retries from a budget, within attempts, deadline, breaker
 * and idempotency limits. Works alone; with the plugin it also knows the service and operation of
 * every attempt.
 */
export class ResilienceRetryStrategy implements RetryStrategyV2 {
  /** Reported by the SDK in the user agent on the legacy path; informational only. */
  readonly mode = "smithy-resilience";

  /**
   * Made by {@link createResilience}, which shares its state with the plugin; not constructed directly.
   * @internal
   */
  constructor(private readonly runtime: ResilienceRuntime) {}

  /** Starts a call's token; `scope` carries the plugin's call key when the plugin is installed. */
  async acquireInitialRetryToken(scope: string | undefined): Promise<RetryToken> {
    return this.firstToken(this.runtime.calls.lookup(scope));
  }

  /**
   * The token of a call's first attempt, at once. Used by the plugin's retry loop, which hands the call
   * over directly instead of through the retry scope.
   * @internal
   */
  firstToken(call: CallState | undefined): ResilienceRetryToken {
    if (call) call.strategyAttached = true;
    return new ResilienceRetryToken({
      retryCount: 0,
      delayMs: 0,
      lastBackoffMs: 0,
      totalDelayMs: 0,
      budgetDrawn: 0,
      budget: call?.budget,
      service: call?.service,
      call,
      startedAt: call?.startedAt ?? this.runtime.options.clock.now(),
    });
  }

  /** Decides on a retry: a new token with the delay to sleep, or a throw that ends the call. */
  refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    return this.retryAfter(token, errorInfo.error);
  }

  /**
   * Decides on a retry after `error`: the token for the next attempt, once any backoff and pacing the
   * strategy sleeps itself are over, or a throw that ends the call. Used by the plugin's retry loop.
   */
  async retryAfter(token: RetryToken, error: unknown): Promise<ResilienceRetryToken> {
    const current = this.own(token);
    const { call } = current.state;
    const { emitter, debugLog } = this.runtime;
    const ref: OperationRef = call ?? { service: serviceOfError(error) ?? UNKNOWN, operation: UNKNOWN };
    const policy = call?.policy ?? this.runtime.policyFor(ref.service, ref.operation);
    const logger = this.runtime.loggerFor(call);
    // Without the plugin's attempt layer in this call's stack, the strategy does its per-attempt work.
    const observed = call === undefined || call.attemptsObserved;
    const failure = observed ? this.runtime.failureOf(error, ref, call) : attemptFailed(this.runtime, call, error);
    // Counted over the whole call, so that partial re-send rounds share one maxAttempts.
    const attempt = call ? call.attempts : current.getRetryCount() + 1;
    // Without the plugin the region is unknown: the strategy's budgets are per service only.
    const budget = current.state.budget ?? this.runtime.budgetFor(ref.service, UNKNOWN);
    const sendRate = this.runtime.sendRateOf(call);
    const delayMs = this.delayFor(attempt - 1, current.state.lastBackoffMs, failure, sendRate !== undefined, error);
    const { reason, cost } = this.runtime.admitRetry({
      budget,
      call,
      policy,
      errorClass: failure.errorClass,
      neverSent: failure.neverSent,
      attempt,
      delayMs,
      startedAt: call?.startedAt ?? current.state.startedAt,
      abortError: failure.errorName === "AbortError",
    });
    if (reason) {
      this.refuse(ref, call, attempt, policy.maxAttempts, failure, reason);
      throw new RetryRefusedError(reason);
    }
    if (call) call.totalDelayMs += delayMs;
    emitter.emit(
      "onRetry",
      { service: ref.service, operation: ref.operation, attempt, delayMs, errorName: failure.errorName, errorClass: failure.errorClass },
      logger,
    );
    debugLog.write(logger, () => formatFailure(ref, attempt, policy.maxAttempts, failure, { retryInMs: delayMs }, sendRate));
    if (observed) return current.next(delayMs, delayMs, ref.service, budget, cost);
    // Sleep here rather than in the SDK, so that the rate limiter paces the retry after its backoff; an
    // abort ends the sleep and its timer with the call.
    await sleepUnlessAborted(this.runtime.options.clock, delayMs, call.abortSignal);
    const turn = startAttempt(this.runtime, call);
    if (turn) await turn;
    return current.next(0, delayMs, ref.service, budget, cost);
  }

  /** Refunds the budget; without the plugin, also reports the success. */
  recordSuccess(token: RetryToken): void {
    const { state } = this.own(token);
    state.budget?.refund(state.budgetDrawn || BUDGET_SUCCESS_REFUND);
    if (state.call) return; // the plugin reports calls it registered
    this.runtime.emitter.emit(
      "onSuccess",
      {
        // Known from the errors when the call was retried; a call that never failed cannot tell.
        service: state.service ?? UNKNOWN,
        operation: UNKNOWN,
        attempts: state.retryCount + 1,
        totalDelayMs: state.totalDelayMs,
        durationMs: this.runtime.options.clock.now() - state.startedAt,
      },
      this.runtime.options.logger,
    );
  }

  /** Tokens left in the retry budget of a service and region; undefined when budgets are off. */
  availableBudget(service: string, region: string): number | undefined {
    return this.runtime.budgetFor(service, region)?.available;
  }

  private delayFor(retryIndex: number, previousDelayMs: number, failure: AttemptFailure, paced: boolean, error: unknown): number {
    const { backoff, maxRetryAfterMs, clock } = this.runtime.options;
    const baseMs = backoffBase(backoff, failure.errorClass, paced);
    const computed = backoffDelay(backoff, baseMs, retryIndex, previousDelayMs, clock.random());
    // Our own parse of the raw headers: the old SDK line mis-parses numeric Retry-After.
    const hint = retryAfterHintMs(responseHeadersOf(error), clock.epochMs());
    return hint === undefined ? computed : Math.max(computed, Math.min(hint, maxRetryAfterMs));
  }

  private refuse(
    ref: OperationRef,
    call: CallState | undefined,
    attempt: number,
    maxAttempts: number,
    failure: AttemptFailure,
    reason: GiveUpReason,
  ): void {
    const logger = this.runtime.loggerFor(call);
    this.runtime.debugLog.write(logger, () => formatFailure(ref, attempt, maxAttempts, failure, { giveUp: reason }, this.runtime.sendRateOf(call)));
    if (call) {
      call.giveUpReason = reason; // the plugin reports the give-up when the error reaches it
      return;
    }
    this.runtime.debugLog.write(logger, () => formatGiveUp(ref, attempt, reason, failure.errorName));
    this.runtime.emitter.emit(
      "onGiveUp",
      { service: ref.service, operation: ref.operation, attempts: attempt, reason, errorName: failure.errorName, errorClass: failure.errorClass },
      logger,
    );
  }

  private own(token: RetryToken): ResilienceRetryToken {
    if (token instanceof ResilienceRetryToken) return token;
    throw new TypeError("smithy-resilience: the retry token was not made by this strategy");
  }
}
