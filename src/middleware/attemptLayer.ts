import { unlessAborted } from "../abortable";
import { MAX_PACED_THROTTLE_RETRIES } from "../constants";
import type { BreakerOutcome } from "../breaker/CircuitBreaker";
import { DeadlineExceededError } from "../DeadlineExceededError";
import type { Call } from "../call";
import type { Clock } from "../clock";
import type { Instance } from "../instance";
import type { ErrorClass } from "../types";
import type { Handler, HandlerArgs, HandlerResult } from "./sdkShapes";
import { started, watch } from "./watch";

/** Server-side failures count against the breaker; the caller's mistakes and throttling do not. */
const BREAKER_OUTCOMES: Readonly<Record<ErrorClass, BreakerOutcome>> = {
  TRANSIENT: "failure",
  SERVER_ERROR: "failure",
  THROTTLING: "neutral",
  CLIENT_ERROR: "neutral",
};

/**
 * Every wait is bounded by the call's deadline: when the turn under the rate limiter is predicted to come
 * at or past it, the call fails now, locally, before taking a turn, and nothing more is sent for it.
 */
function failIfTurnPastDeadline(call: Call, clock: Clock): void {
  const { deadlineMs } = call.info.policy;
  if (!call.limiter || deadlineMs === undefined) return;
  const predictedMs = call.limiter.predictedWaitMs();
  const elapsedMs = clock.now() - call.startedAt;
  if (predictedMs <= 0 || elapsedMs + predictedMs < deadlineMs) return;
  call.giveUpReason = "deadline";
  throw new DeadlineExceededError(call.service, call.operation, deadlineMs, predictedMs, elapsedMs, { attempts: call.attempts, totalRetryDelay: call.totalDelayMs });
}

/**
 * Inside the SDK's retry loop, once per attempt, before signing: takes the attempt's turn under the rate
 * limiter (after the SDK's backoff, so a retry is paced after it), times the attempt, and gives the
 * breaker, the limiter and the reporter its outcome. Every attempt passes here, whatever the strategy
 * and whatever the request's body. It watches the attempt rather than wrapping it (see {@link watch}):
 * the outcome is recorded before the SDK's retry loop resumes and asks the strategy for a retry.
 */
export function attemptHandler(instance: Instance, next: Handler, call: Call): Handler {
  const { clock } = instance.options;
  return (args) => {
    try {
      failIfTurnPastDeadline(call, clock);
    } catch (error) {
      return Promise.reject(error);
    }
    const turn = call.limiter?.acquire(call.abortSignal, call.attempts > 0);
    if (!turn) return sendAttempt(instance, next, call, args, undefined);
    const waitStartedAt = clock.now();
    return unlessAborted(turn, call.abortSignal).then(() => sendAttempt(instance, next, call, args, waitStartedAt));
  };
}

/** Sends the attempt (whose wait for its turn began at `waitStartedAt`, if it waited) and watches how it ends. */
function sendAttempt(instance: Instance, next: Handler, call: Call, args: HandlerArgs, waitStartedAt: number | undefined): Promise<HandlerResult> {
  call.attemptStartedAt = instance.options.clock.now();
  call.pacingDelayMs = waitStartedAt === undefined ? 0 : call.attemptStartedAt - waitStartedAt;
  call.attempts++;
  return watch(
    started(() => next(args)),
    (result) => attemptSucceeded(instance, call, result),
    (error) => attemptFailed(instance, call, error),
    (bug) => instance.report.warn(call, `recording an attempt failed: ${bug instanceof Error ? bug.message : String(bug)}`),
  );
}

function attemptSucceeded(instance: Instance, call: Call, result: HandlerResult): void {
  const now = instance.options.clock.now();
  const durationMs = now - call.attemptStartedAt;
  call.route?.breaker?.record(now, "success");
  call.limiter?.onResponse({ throttled: false, latencyMs: durationMs });
  instance.report.attemptSucceeded(call, durationMs, result);
}

function attemptFailed(instance: Instance, call: Call, error: unknown): void {
  const now = instance.options.clock.now();
  const durationMs = now - call.attemptStartedAt;
  const failure = instance.describeFailure(error, call, call);
  call.lastFailure = failure;
  // An attempt cut short by the caller's abort says nothing about the service, whatever it failed with.
  call.route?.breaker?.record(now, call.abortSignal?.aborted === true ? "neutral" : BREAKER_OUTCOMES[failure.errorClass]);
  const throttled = failure.errorClass === "THROTTLING";
  // A throttle while the limiter paces the quota (asked before this throttle counts) is the quota's answer
  // to the pacing, not this call's fault: the retry waits its turn again instead of spending an attempt.
  // (Whether a turn was given says less: a fleet store gives turns without pacing when it checks in.)
  const paced = throttled && call.limiter?.currentRate() !== undefined;
  call.limiter?.onResponse({ throttled, latencyMs: durationMs });
  call.lastThrottlePaced = paced && call.pacedThrottles < MAX_PACED_THROTTLE_RETRIES;
  if (call.lastThrottlePaced) call.pacedThrottles++;
  instance.report.attemptFailed(call, durationMs, failure);
}
