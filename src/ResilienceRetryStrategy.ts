import type { RetryErrorInfo, RetryStrategyV2, RetryToken } from "@smithy/types";
import { BUDGET_SUCCESS_REFUND } from "./constants";
import { DeadlineExceededError } from "./DeadlineExceededError";
import { UNKNOWN } from "./names";
import { responseHeadersOf } from "./errorDetails";
import type { Instance } from "./instance";
import { retryAfterHintMs } from "./retryAfterHint";
import { decideRetry } from "./retryDecision";
import { ResilienceRetryToken } from "./ResilienceRetryToken";
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
 * and idempotency limits. It only decides: the SDK's retry middleware sleeps the delay it returns.
 * Works alone; with the plugin it also knows the service and operation of every attempt.
 */
export class ResilienceRetryStrategy implements RetryStrategyV2 {
  /** Reported by the SDK in the user agent on the legacy path; informational only. */
  readonly mode = "smithy-resilience";

  /**
   * Made by {@link createResilience}, which shares its state with the plugin; not constructed directly.
   * @internal
   */
  constructor(private readonly instance: Instance) {}

  /** Starts a call's token; `scope` carries the plugin's call key when the plugin is installed. */
  async acquireInitialRetryToken(scope: string | undefined): Promise<RetryToken> {
    const call = this.instance.handOff.lookup(scope);
    if (call) call.strategyAttached = true;
    return new ResilienceRetryToken({
      retryCount: 0,
      delayMs: 0,
      totalDelayMs: 0,
      budgetDrawn: 0,
      budget: call?.route?.budget,
      service: call?.service,
      call,
      startedAt: call?.startedAt ?? this.instance.options.clock.now(),
    });
  }

  /** Decides on a retry: a new token with the delay for the SDK to sleep, or a throw that ends the call. */
  async refreshRetryTokenForRetry(token: RetryToken, errorInfo: RetryErrorInfo): Promise<RetryToken> {
    const current = this.own(token);
    const { state } = current;
    const { call } = state;
    const { error } = errorInfo;
    // The attempt layer refused to wait past the call's deadline: the call ends (it reports the give-up).
    if (call && error instanceof DeadlineExceededError) throw new RetryRefusedError("deadline");
    const { options, report } = this.instance;
    const ref: OperationRef = call ?? { service: state.service ?? serviceOfError(error) ?? UNKNOWN, operation: UNKNOWN };
    const policy = call?.info.policy ?? this.instance.operations.get(ref.service, ref.operation).policy;
    // The attempt layer classified the failure already, when the plugin is installed.
    const failure = this.instance.failureOf(error, ref, call);
    // Counted over the whole call, so that partial re-send rounds share one maxAttempts.
    const attempt = call ? call.attempts : state.retryCount + 1;
    // Without the plugin the region is unknown: the strategy's budgets are per service only.
    const budget = call ? call.route?.budget : this.instance.routes.budgetFor(ref.service, UNKNOWN);
    const now = options.clock.now();
    const decision = decideRetry(
      {
        failure,
        attempt,
        policy,
        budget,
        elapsedMs: now - state.startedAt,
        previousDelayMs: state.delayMs,
        paced: call?.limiter?.currentRate() !== undefined,
        uncounted: call?.pacedThrottles,
        queued: call?.lastThrottlePaced,
        // Our own parse of the raw headers: the old SDK line mis-parses numeric Retry-After.
        hintMs: retryAfterHintMs(responseHeadersOf(error), options.clock.epochMs()),
        // The old SDK line never shows the signal to middleware: its abort arrives as the failure itself.
        aborted: call?.abortSignal?.aborted === true || failure.errorName === "AbortError",
        circuitOpen: call?.route?.breaker?.isOpen(now) === true,
      },
      options,
    );
    // Paced throttles do not count towards maxAttempts, so the call's limit of sent attempts grows with them.
    const maxAttempts = policy.maxAttempts + (call?.pacedThrottles ?? 0);
    const retry = { ref, call, attempt, maxAttempts, failure, startedAt: state.startedAt };
    if (decision.refuse) {
      if (call) call.giveUpReason = decision.refuse;
      report.refused(retry, decision.refuse);
      throw new RetryRefusedError(decision.refuse);
    }
    if (call) call.totalDelayMs += decision.delayMs;
    report.retry(retry, decision.delayMs);
    return current.next({ delayMs: decision.delayMs, cost: decision.cost, service: ref.service, budget });
  }

  /** Refunds the budget; without the plugin, also reports the success. */
  recordSuccess(token: RetryToken): void {
    const { state } = this.own(token);
    state.budget?.refund(state.budgetDrawn || BUDGET_SUCCESS_REFUND);
    if (state.call) return; // the plugin reports the calls it started
    // Known from the errors when the call was retried; a call that never failed cannot tell.
    const ref = { service: state.service ?? UNKNOWN, operation: UNKNOWN };
    const durationMs = this.instance.options.clock.now() - state.startedAt;
    this.instance.report.success(ref, state.retryCount + 1, state.totalDelayMs, durationMs, this.instance.options.logger);
  }

  /** Tokens left in the retry budget of a service and region; undefined when budgets are off. */
  availableBudget(service: string, region: string): number | undefined {
    return this.instance.routes.budgetFor(service, region)?.available;
  }

  private own(token: RetryToken): ResilienceRetryToken {
    if (token instanceof ResilienceRetryToken) return token;
    throw new TypeError("smithy-resilience: the retry token was not made by this strategy");
  }
}
